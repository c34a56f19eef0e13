package org.dial4j.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import org.dial4j.internal.Blocking;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test in which an event-loop thread attempted a blocking call (ARCHITECTURE.md's rule "a
 * loop thread never blocks"). {@link Blocking#check} throws on a loop thread, but a callback may
 * catch and swallow that exception, and the loop itself logs and drops what a callback throws; so
 * the exception alone proves nothing. {@link Blocking} also counts every violation, JVM-wide, and
 * this extension compares the count before each test (before its {@code @BeforeEach} methods) with
 * the count after it (after its {@code @AfterEach} methods, which is where the loops are closed).
 *
 * <p>Registered for every test of the module through JUnit's extension auto-detection, as {@link
 * FdLeakExtension} is (see the class-path shim {@code BlockingCallExtensionProvider}); {@link
 * AllowBlockingCalls} exempts a test or a class. The count is process-wide, so the check assumes
 * tests do not run in parallel in the same JVM.
 *
 * <p>Not final only so that the shim can extend it.
 */
public class BlockingCallExtension implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BlockingCallExtension.class);
  private static final String KEY = "blocking-violations-before-test";

  /** The test method most recently checked: proof that the auto-detected registration works. */
  private static volatile Method lastChecked;

  /** Creates the extension; JUnit does, through auto-detection or {@code @ExtendWith}. */
  public BlockingCallExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!classExempt(context) && !exempt(context.getTestMethod())) {
      context.getStore(NAMESPACE).put(KEY, Blocking.violations());
      lastChecked = context.getTestMethod().orElse(null);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Long before = context.getStore(NAMESPACE).remove(KEY, Long.class);
    if (before == null) {
      return;
    }
    long now = Blocking.violations();
    if (now != before) {
      throw new AssertionError(
          Blocking.lastViolation()
              + "\n("
              + (now - before)
              + " blocking call(s) refused on an event-loop thread during test "
              + context.getDisplayName()
              + "; a loop thread must never block: hand the call to another thread, or annotate"
              + " the test with @AllowBlockingCalls(reason = ...) if it provokes this on purpose)");
    }
  }

  /** The test method whose check started last, or null before any. */
  static Method lastChecked() {
    return lastChecked;
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
    Optional<AllowBlockingCalls> allow =
        AnnotationSupport.findAnnotation(element, AllowBlockingCalls.class);
    if (allow.isPresent() && allow.get().reason().isBlank()) {
      throw new ExtensionConfigurationException(
          "@AllowBlockingCalls on " + element.get() + " needs a reason");
    }
    return allow.isPresent();
  }
}
