/**
 * The peer clients of {@code bench/compare}: each keeps cconnect's number of connects in flight
 * against {@code bench/c/acceptd} the way its users would write it (Netty's {@code Bootstrap} with
 * its defaults on epoll or NIO, a plain JDK {@code Selector} loop, one blocking {@code Socket} per
 * virtual thread), takes the options of {@code bench/c/cconnect} that matter here and prints
 * cconnect's one JSON line.
 */
@NullMarked
package org.dial4j.bench;

import org.jspecify.annotations.NullMarked;
