/**
 * dial4j's values: where a socket goes ({@link org.dial4j.Endpoint} and its kinds, {@link
 * org.dial4j.IpLiterals}), over what ({@link org.dial4j.Network}, {@link org.dial4j.Family}) and by
 * when ({@link org.dial4j.Deadline} on a {@link org.dial4j.MonotonicClock}). No I/O: every other
 * package builds on these.
 */
@NullMarked
package org.dial4j;

import org.jspecify.annotations.NullMarked;
