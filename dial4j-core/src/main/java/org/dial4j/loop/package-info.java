/** The event loop: per-loop connect statistics and the latency histogram they keep. */
package org.dial4j.loop;
