package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.sys.ForwardingSyscalls;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.junit.jupiter.api.Test;

/** RLIMIT_NOFILE through the FFM layer: read, raised, and a refused raise as a typed error. */
class DescriptorLimitTest {

  @Test
  void currentIsWhatProcSaysAndRaiseLiftsALoweredSoftLimit() throws IOException {
    DescriptorLimit before = DescriptorLimit.current();
    assertThat(procLimits()).isEqualTo(before.soft() + " " + before.hard());
    long lowered = before.hard() - 1;
    assertThat(LinuxSyscalls.INSTANCE.setrlimit(Sys.RLIMIT_NOFILE, lowered, before.hard()))
        .isZero();
    try {
      assertThat(DescriptorLimit.current().soft()).isEqualTo(lowered);
      assertThat(procLimits()).isEqualTo(lowered + " " + before.hard());

      DescriptorLimit raised = DescriptorLimit.raiseSoftToHard();

      assertThat(raised).isEqualTo(new DescriptorLimit(before.hard(), before.hard()));
      assertThat(procLimits()).isEqualTo(before.hard() + " " + before.hard());
      assertThat(raised.toString()).isEqualTo("soft " + before.hard() + " hard " + before.hard());
    } finally {
      LinuxSyscalls.INSTANCE.setrlimit(Sys.RLIMIT_NOFILE, before.soft(), before.hard());
    }
  }

  @Test
  void aRefusedRaiseIsTheKernelsErrnoNamingTheCall() throws IOException {
    // A hard limit over fs.nr_open, which the kernel refuses to anyone (EPERM): nothing changes.
    long huge = 1L << 40;
    var claimsHuge =
        new ForwardingSyscalls(LinuxSyscalls.INSTANCE) {
          @Override
          public int getrlimit(int resource, long[] value) {
            value[0] = 1024;
            value[1] = huge;
            return 0;
          }
        };
    DescriptorLimit before = DescriptorLimit.current();

    assertThatThrownBy(() -> DescriptorLimit.raiseSoftToHard(claimsHuge))
        .isInstanceOf(NetError.class)
        .satisfies(
            e -> {
              NetError ne = (NetError) e;
              assertThat(ne.errno()).isEqualTo(Errno.EPERM);
              assertThat(ne.operation()).isEqualTo(Operation.RLIMIT);
            })
        .hasMessageContaining("setrlimit RLIMIT_NOFILE soft " + huge + " hard " + huge)
        .hasMessageContaining("EPERM");
    assertThat(DescriptorLimit.current()).isEqualTo(before);
  }

  @Test
  void aFailedReadIsTyped() {
    var failing =
        new ForwardingSyscalls(LinuxSyscalls.INSTANCE) {
          @Override
          public int getrlimit(int resource, long[] value) {
            return -Errno.EFAULT.number();
          }
        };
    assertThatThrownBy(() -> DescriptorLimit.current(failing))
        .isInstanceOf(NetError.class)
        .hasMessageContaining("getrlimit RLIMIT_NOFILE")
        .hasMessageContaining("EFAULT");
  }

  @Test
  void unlimitedIsWrittenAsProcWritesIt() {
    assertThat(new DescriptorLimit(DescriptorLimit.UNLIMITED, DescriptorLimit.UNLIMITED))
        .hasToString("soft unlimited hard unlimited");
  }

  /** "SOFT HARD" of the "Max open files" line of /proc/self/limits. */
  private static String procLimits() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        String[] f = line.substring("Max open files".length()).trim().split("\\s+", -1);
        return f[0] + " " + f[1];
      }
    }
    throw new AssertionError("no Max open files line");
  }
}
