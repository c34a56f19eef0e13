package org.dial4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a test method, or every test of a class and the class itself, from the descriptor leak
 * check of {@link FdLeakExtension}: for tests that legitimately keep descriptors open beyond
 * themselves, such as the test that lazily opens a listener the whole class shares.
 *
 * <p>On a method, only that method's check is skipped; on a class (or an enclosing class of a
 * nested one), the per-test checks and the class-level check are skipped.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowDescriptorChanges {
  /** Why the descriptors legitimately outlive the test; must not be blank. */
  String reason();
}
