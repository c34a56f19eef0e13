package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ProcSelf}: the figures cconnect reports about itself, from /proc/self. */
class ProcSelfTest {

  @Test
  @DisplayName(
      "proc(5) stat: utime and stime are fields 14 and 15, counted after the command's closing"
          + " parenthesis")
  void statFields() {
    String stat = "4242 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 250 75 0 0 20 0 30 0 100 200 300";
    ProcSelf.Cpu cpu = ProcSelf.cpuFromStat(stat);
    assertThat(cpu.userSeconds()).isEqualTo(2.5);
    assertThat(cpu.systemSeconds()).isEqualTo(0.75);
  }

  @Test
  @DisplayName("proc(5) status: VmRSS and VmHWM in kB; -1 when missing, as cconnect's status_kb")
  void statusLines() {
    String status = "Name:\tjava\nVmHWM:\t   90096 kB\nVmRSS:\t   83340 kB\n";
    assertThat(ProcSelf.statusKb(status, "VmRSS:")).isEqualTo(83340);
    assertThat(ProcSelf.statusKb(status, "VmHWM:")).isEqualTo(90096);
    assertThat(ProcSelf.statusKb(status, "VmSwap:")).isEqualTo(-1);
  }

  @Test
  @DisplayName(
      "CPU time in clock ticks of 100 Hz agrees with the JDK's own reading (which asks"
          + " sysconf(_SC_CLK_TCK))")
  void cpuAgreesWithJdk() throws Exception {
    try (ProcSelf proc = ProcSelf.open()) {
      ProcSelf.Cpu before = proc.cpu();
      Duration jdk = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
      ProcSelf.Cpu after = proc.cpu();
      double tick = 1.0 / ProcSelf.CLOCK_TICKS_PER_SECOND;
      double jdkSeconds = jdk.toNanos() / 1e9;
      assertThat(jdkSeconds)
          .isBetween(
              before.userSeconds() + before.systemSeconds() - tick,
              after.userSeconds() + after.systemSeconds() + tick);
    }
  }

  @Test
  @DisplayName("VmRSS and VmHWM of this JVM: positive, peak at least current")
  void rss() throws Exception {
    try (ProcSelf proc = ProcSelf.open()) {
      long rss = proc.statusKb("VmRSS:");
      assertThat(rss).isPositive();
      assertThat(proc.statusKb("VmHWM:")).isGreaterThanOrEqualTo(rss);
    }
  }
}
