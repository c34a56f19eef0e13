package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code dial4j} command line itself: help, version, usage errors. */
class MainTest {

  @Test
  @DisplayName("dial4j --help lists the subcommands, exit 0")
  void help() {
    Dial4jRun r = Dial4jRun.of("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("Usage: dial4j")
        .contains("connect")
        .contains("demo")
        .contains("dial")
        .contains("resolve")
        .contains("storm");
  }

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"connect", "demo", "dial", "resolve", "storm"})
  @DisplayName("every subcommand takes --help, exit 0")
  void subcommandHelp(String sub) {
    Dial4jRun r = Dial4jRun.of(sub, "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("Usage: dial4j " + sub).contains("Exit status:");
  }

  @Test
  @DisplayName("dial4j help connect is the same help")
  void helpSubcommand() {
    assertThat(Dial4jRun.of("help", "connect").out()).contains("Usage: dial4j connect");
  }

  @Test
  @DisplayName("dial4j --version names dial4j and the Java runtime, exit 0")
  void version() {
    Dial4jRun r = Dial4jRun.of("--version");
    assertThat(r.status()).isZero();
    assertThat(r.out()).startsWith("dial4j ").contains("Java " + Runtime.version());
  }

  @Test
  @DisplayName("dial4j without a subcommand prints the usage on standard error, exit 2")
  void noSubcommand() {
    Dial4jRun r = Dial4jRun.of();
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("a subcommand is required").contains("Usage: dial4j");
  }

  @Test
  @DisplayName("an unknown subcommand is a usage error, exit 2")
  void unknownSubcommand() {
    Dial4jRun r = Dial4jRun.of("dail");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("dail");
  }
}
