package org.dial4j.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.channels.AsynchronousSocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test that leaves sockets, pipes or anon_inode descriptors open (see {@link Descriptors}):
 * it compares /proc/self/fd before each test (before its {@code @BeforeEach} methods) with after it
 * (after its {@code @AfterEach} methods), and likewise around each test class ({@code @BeforeAll}
 * to {@code @AfterAll}).
 *
 * <p>Registered for every test of the module through JUnit's extension auto-detection (see the
 * class-path shim {@code FdLeakExtensionProvider}); {@link AllowDescriptorChanges} exempts a test
 * or a class. Descriptors are process-wide, so the check assumes tests do not run in parallel in
 * the same JVM.
 *
 * <p>Not final only so that the shim can extend it.
 */
public class FdLeakExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FdLeakExtension.class);
  private static final String CLASS_KEY = "descriptors-before-class";
  private static final String TEST_KEY = "descriptors-before-test";
  private static final String REPORTED_KEY = "descriptors-reported-by-tests";

  /**
   * How long a leak may take to go away before it counts: a descriptor closed by another thread of
   * the test (a server thread finishing its last connection, a deferred NIO close) may still be
   * open for a moment when the test method returns.
   */
  private static final Duration GRACE = Duration.ofSeconds(1);

  /**
   * The test method most recently checked, so that a test can prove the auto-detected registration
   * works: a broken one would silently turn every leak check off.
   */
  private static volatile Method lastChecked;

  /** Creates the extension; JUnit does, through auto-detection or {@code @ExtendWith}. */
  public FdLeakExtension() {
    JvmWarmUp.ensure();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!classExempt(context)) {
      context.getStore(NAMESPACE).put(CLASS_KEY, Descriptors.snapshot());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SortedMap<?, ?> before = context.getStore(NAMESPACE).remove(CLASS_KEY, SortedMap.class);
    if (before == null) {
      return;
    }
    SortedMap<Integer, String> leaked = new TreeMap<>(check(cast(before)));
    leaked.entrySet().removeAll(reportedIn(context).entrySet());
    if (!leaked.isEmpty()) {
      throw failure(leaked, "class " + context.getDisplayName(), "the class");
    }
  }

  @SuppressWarnings("unchecked") // only this class stores under its namespace, always this type
  private static Map<Integer, String> reportedIn(ExtensionContext classContext) {
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(REPORTED_KEY, key -> new HashMap<Integer, String>(), Map.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!classExempt(context) && !exempt(context.getTestMethod())) {
      context.getStore(NAMESPACE).put(TEST_KEY, Descriptors.snapshot());
      lastChecked = context.getTestMethod().orElse(null);
    }
  }

  /** The test method whose check started last, or null before any. */
  static Method lastChecked() {
    return lastChecked;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    SortedMap<?, ?> before = context.getStore(NAMESPACE).remove(TEST_KEY, SortedMap.class);
    if (before == null) {
      return;
    }
    SortedMap<Integer, String> leaked = check(cast(before));
    if (!leaked.isEmpty()) {
      // The class-level check would report these again; once, at the test, is clearer.
      context.getParent().ifPresent(parent -> reportedIn(parent).putAll(leaked));
      throw failure(leaked, "test " + context.getDisplayName(), "the test");
    }
  }

  @SuppressWarnings("unchecked") // only this class stores under its namespace, always this type
  private static SortedMap<Integer, String> cast(SortedMap<?, ?> map) {
    return (SortedMap<Integer, String>) map;
  }

  /**
   * The descriptors open now that were not open {@code before}, waiting up to {@link #GRACE} for
   * them to go away.
   */
  private static SortedMap<Integer, String> check(Map<Integer, String> before) {
    long deadline = System.nanoTime() + GRACE.toNanos();
    SortedMap<Integer, String> leaked = leaked(before, Descriptors.snapshot());
    while (!leaked.isEmpty() && deadline - System.nanoTime() > 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      leaked = leaked(before, Descriptors.snapshot());
    }
    return leaked;
  }

  private static AssertionError failure(
      SortedMap<Integer, String> leaked, String scope, String annotate) {
    return new AssertionError(
        describe(leaked)
            + "\n(left open by "
            + scope
            + "; close them, or annotate "
            + annotate
            + " with @AllowDescriptorChanges(reason = ...) if they are meant to outlive it)");
  }

  /**
   * The descriptors in {@code after} that were not in {@code before} with the same number and
   * target. A number reused for a new descriptor counts: the old one was closed, this one not.
   */
  static SortedMap<Integer, String> leaked(
      Map<Integer, String> before, Map<Integer, String> after) {
    SortedMap<Integer, String> leaked = new TreeMap<>();
    after.forEach(
        (fd, target) -> {
          if (!target.equals(before.get(fd))) {
            leaked.put(fd, target);
          }
        });
    return leaked;
  }

  /** "leaked descriptors: 57 -> socket:[123456], ..." for a non-empty {@code leaked}. */
  static String describe(Map<Integer, String> leaked) {
    StringJoiner message = new StringJoiner(", ", "leaked descriptors: ", "");
    leaked.forEach((fd, target) -> message.add(fd + " -> " + target));
    return message.toString();
  }

  private static boolean classExempt(ExtensionContext context) {
    // Nested test classes inherit the exemption of the classes that enclose them.
    for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
      if (exempt(Optional.of(c))) {
        return true;
      }
    }
    return false;
  }

  private static boolean exempt(Optional<? extends AnnotatedElement> element) {
    Optional<AllowDescriptorChanges> allow =
        AnnotationSupport.findAnnotation(element, AllowDescriptorChanges.class);
    if (allow.isPresent() && allow.get().reason().isBlank()) {
      throw new ExtensionConfigurationException(
          "@AllowDescriptorChanges on " + element.get() + " needs a reason");
    }
    return allow.isPresent();
  }

  /**
   * Makes the JDK open, before the first snapshot, the descriptors it opens lazily once and keeps
   * for the life of the JVM; otherwise the first test that happens to trigger them would be
   * reported as leaking them.
   */
  private static final class JvmWarmUp {
    static {
      // NIO's dispatcher keeps one end of a socketpair for its deferred-close trick.
      initialize("sun.nio.ch.UnixDispatcher");
      // The pollers behind blocking I/O on virtual threads each keep an epoll descriptor.
      initialize("sun.nio.ch.Poller");
      // dial4j's own, for PosixSocket's waits on virtual threads: two epoll descriptors, made by
      // the class's initialization (on the first such wait, else) and kept for the JVM's life.
      // The check still sees a poller that made descriptors per wait, or left registrations.
      initialize("org.dial4j.socket.VirtualThreadPoller", FdLeakExtension.class.getClassLoader());
      // The default asynchronous channel group keeps an epoll descriptor and a wakeup pipe.
      try {
        AsynchronousSocketChannel.open().close();
      } catch (Exception | Error e) {
        // Nothing to warm up; a test that does use it will say so through the check.
      }
    }

    private JvmWarmUp() {}

    static void ensure() {
      // Calling this initializes the class, which runs the static block exactly once.
    }

    private static void initialize(String className) {
      initialize(className, ClassLoader.getPlatformClassLoader());
    }

    private static void initialize(String className, ClassLoader loader) {
      try {
        // Class.forName needs no access to the package: it only loads and initializes.
        Class.forName(className, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // Another JDK's internals: nothing to warm up under this name.
      }
    }
  }
}
