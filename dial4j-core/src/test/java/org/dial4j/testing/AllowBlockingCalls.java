package org.dial4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a test method, or every test of a class, from {@link BlockingCallExtension}: for the
 * tests that provoke a blocking call on an event-loop thread on purpose, to see it refused.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowBlockingCalls {
  /** Why the test makes a blocking call on a loop thread; must not be blank. */
  String reason();
}
