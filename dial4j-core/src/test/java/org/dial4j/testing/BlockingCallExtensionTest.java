package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.dial4j.internal.Blocking;
import org.dial4j.loop.EventLoop;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The extension that fails a test in which a loop thread attempted a blocking call. */
class BlockingCallExtensionTest {

  private static Method method(String name) throws NoSuchMethodException {
    return BlockingCallExtensionTest.class.getDeclaredMethod(name);
  }

  /**
   * The method the hand-driven extension checks: not exempt, unlike the test that drives it (which
   * must be, or the auto-registered instance would fail it for the violation it provokes).
   */
  void swallowsAViolation() {}

  @AllowBlockingCalls(reason = " ")
  void blankReason() {}

  @Test
  @DisplayName(
      "ARCHITECTURE.md loop rule: auto-detection applies the blocking-call check to every test")
  void autoDetectionAppliesTheCheckToEveryTest(TestInfo info) {
    // Set by the beforeEach of the instance JUnit registered from META-INF/services.
    assertThat(BlockingCallExtension.lastChecked()).isEqualTo(info.getTestMethod().orElseThrow());
  }

  @Test
  @AllowBlockingCalls(reason = "provokes a violation that a callback swallows, to see it caught")
  @DisplayName(
      "ARCHITECTURE.md loop rule: a blocking call swallowed on a loop thread fails the test")
  void failsATestInWhichALoopThreadSwallowedAViolation() throws Exception {
    BlockingCallExtension extension = new BlockingCallExtension();
    ExtensionContext context = HandDrivenContext.of(method("swallowsAViolation"));

    extension.beforeEach(context);
    try (EventLoop loop = EventLoop.start("swallowing")) {
      boolean thrown =
          loop.submit(
                  () -> {
                    try {
                      EventLoop.resolve("localhost:80");
                      return false;
                    } catch (IllegalStateException swallowed) {
                      return true;
                    }
                  })
              .get(5, TimeUnit.SECONDS);
      assertThat(thrown).isTrue();
    }
    String expected = Blocking.lastViolation();

    assertThat(expected).contains("resolve localhost:80").contains("'swallowing'");
    assertThatThrownBy(() -> extension.afterEach(context))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(expected)
        .hasMessageContaining("swallowsAViolation()")
        .hasMessageContaining("@AllowBlockingCalls");
  }

  @Test
  @DisplayName("ARCHITECTURE.md loop rule: a test whose loop threads never block passes")
  void passesATestWithoutViolations() throws Exception {
    BlockingCallExtension extension = new BlockingCallExtension();
    ExtensionContext context = HandDrivenContext.of(method("swallowsAViolation"));

    extension.beforeEach(context);
    try (EventLoop loop = EventLoop.start("non-blocking")) {
      // The same call off the loop thread is allowed: the IP literal needs no lookup anyway.
      assertThat(loop.submit(() -> EventLoop.resolve("127.0.0.1:80")).get(5, TimeUnit.SECONDS))
          .isEqualTo("127.0.0.1:80");
    }

    assertThatCode(() -> extension.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("ARCHITECTURE.md loop rule: an exempt test takes no count, so nothing can fail it")
  @AllowBlockingCalls(reason = "checks that the exemption is honoured")
  void anExemptTestIsNotChecked() throws Exception {
    BlockingCallExtension extension = new BlockingCallExtension();
    ExtensionContext context = HandDrivenContext.of(method("anExemptTestIsNotChecked"));

    extension.beforeEach(context);
    try (EventLoop loop = EventLoop.start("exempt")) {
      loop.submit(
              () -> {
                try {
                  EventLoop.resolve("localhost:80");
                } catch (IllegalStateException expected) {
                  // counted; the exemption is what is tested
                }
                return null;
              })
          .get(5, TimeUnit.SECONDS);
    }

    assertThatCode(() -> extension.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("ARCHITECTURE.md loop rule: an exemption needs a reason")
  void aBlankReasonIsRejected() throws Exception {
    BlockingCallExtension extension = new BlockingCallExtension();
    ExtensionContext context = HandDrivenContext.of(method("blankReason"));

    assertThatThrownBy(() -> extension.beforeEach(context))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("needs a reason");
  }
}
