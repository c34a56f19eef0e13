package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

class FdLeakExtensionTest {
  /** A listener kept across tests, the case {@link AllowDescriptorChanges} exists for. */
  private static ServerSocketChannel shared;

  @AfterAll
  static void closeShared() throws IOException {
    if (shared != null) {
      shared.close();
    }
  }

  private static Method method(String name) throws NoSuchMethodException {
    return FdLeakExtensionTest.class.getDeclaredMethod(name);
  }

  @Test
  void autoDetectionAppliesTheCheckToEveryTest(TestInfo info) {
    // Set by the beforeEach of the instance JUnit registered from META-INF/services.
    assertThat(FdLeakExtension.lastChecked()).isEqualTo(info.getTestMethod().orElseThrow());
  }

  @Test
  void leakedListsNewDescriptorsOnly() {
    Map<Integer, String> before = Map.of(3, "socket:[10]", 4, "pipe:[11]");
    Map<Integer, String> after =
        Map.of(3, "socket:[10]", 5, "socket:[12]", 6, "anon_inode:[eventpoll]");

    Map<Integer, String> leaked = FdLeakExtension.leaked(before, after);

    assertThat(leaked).containsExactly(entry(5, "socket:[12]"), entry(6, "anon_inode:[eventpoll]"));
    assertThat(FdLeakExtension.describe(leaked))
        .isEqualTo("leaked descriptors: 5 -> socket:[12], 6 -> anon_inode:[eventpoll]");
    assertThat(FdLeakExtension.leaked(before, before)).isEmpty();
  }

  @Test
  void aReusedNumberWithANewTargetIsALeak() {
    assertThat(FdLeakExtension.leaked(Map.of(7, "socket:[1]"), Map.of(7, "socket:[2]")))
        .containsExactly(entry(7, "socket:[2]"));
  }

  @Test
  void failsATestThatLeavesASocketOpen() throws Exception {
    FdLeakExtension extension = new FdLeakExtension();
    ExtensionContext context = HandDrivenContext.of(method("failsATestThatLeavesASocketOpen"));

    extension.beforeEach(context);
    try (ServerSocketChannel leaked =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThat(leaked.isOpen()).isTrue();
      assertThatThrownBy(() -> extension.afterEach(context))
          .isInstanceOf(AssertionError.class)
          .hasMessageMatching("(?s)leaked descriptors: \\d+ -> socket:\\[\\d+\\]\n.*")
          .hasMessageContaining("failsATestThatLeavesASocketOpen()");
    }
  }

  @Test
  void failsATestThatLeavesAPipeOpen() throws Exception {
    FdLeakExtension extension = new FdLeakExtension();
    ExtensionContext context = HandDrivenContext.of(method("failsATestThatLeavesAPipeOpen"));

    extension.beforeEach(context);
    Pipe pipe = Pipe.open();
    try {
      assertThatThrownBy(() -> extension.afterEach(context))
          .hasMessageMatching("(?s)leaked descriptors: \\d+ -> pipe:\\[\\d+\\], \\d+ -> pipe:.*");
    } finally {
      pipe.source().close();
      pipe.sink().close();
    }
  }

  @Test
  void passesATestThatClosesWhatItOpens() throws Exception {
    FdLeakExtension extension = new FdLeakExtension();
    ExtensionContext context = HandDrivenContext.of(method("passesATestThatClosesWhatItOpens"));

    extension.beforeEach(context);
    ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .close();

    assertThatCode(() -> extension.afterEach(context)).doesNotThrowAnyException();
  }

  @Test
  @AllowDescriptorChanges(reason = "opens the listener the class shares; @AfterAll closes it")
  void anExemptTestMayKeepASocket() throws Exception {
    int socketsBefore = Descriptors.openSockets();
    if (shared == null) {
      shared =
          ServerSocketChannel.open()
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
    // Driven by hand too: the exempt method takes no snapshot, so nothing can fail.
    FdLeakExtension extension = new FdLeakExtension();
    ExtensionContext context = HandDrivenContext.of(method("anExemptTestMayKeepASocket"));
    extension.beforeEach(context);

    assertThat(Descriptors.openSockets()).isEqualTo(socketsBefore + 1);
    assertThatCode(() -> extension.afterEach(context)).doesNotThrowAnyException();
  }

  @AllowDescriptorChanges(reason = " ")
  void blankReason() {}

  @Test
  void aBlankReasonIsRejected() throws Exception {
    FdLeakExtension extension = new FdLeakExtension();
    ExtensionContext context = HandDrivenContext.of(method("blankReason"));

    assertThatThrownBy(() -> extension.beforeEach(context))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("needs a reason");
  }

  @Test
  void openSocketsCountsSockets() throws IOException {
    int before = Descriptors.openSockets();
    try (ServerSocketChannel listener =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThat(listener.isOpen()).isTrue();
      assertThat(Descriptors.openSockets()).isEqualTo(before + 1);
      assertThat(Descriptors.snapshot().values())
          .allMatch(target -> Descriptors.KINDS.stream().anyMatch(target::startsWith));
    }
    assertThat(Descriptors.openSockets()).isEqualTo(before);
  }
}
