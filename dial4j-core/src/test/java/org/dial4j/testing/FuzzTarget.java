package org.dial4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a fuzz target: a {@code *FuzzTest} class of one Jazzer {@code @FuzzTest}, which {@link
 * FuzzCampaign} fuzzes in a JVM of its own and {@code -Dtest=} replays on its corpus.
 *
 * <p>Jazzer attaches its agent to the JVM inside the first fuzz test, and the attach leaves a
 * connected Unix socket open for the JVM's life: the class-level descriptor check ({@link
 * FdLeakExtension}) is therefore off for such a class, and a target that opens descriptors counts
 * its own (as {@code ControlPortFuzzTest} does).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@AllowDescriptorChanges(
    reason =
        "Jazzer's agent attach, inside the first fuzz test, leaves a connected Unix socket open"
            + " for the JVM's life")
public @interface FuzzTarget {}
