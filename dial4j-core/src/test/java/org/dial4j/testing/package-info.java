/**
 * Test support: descriptor leak checks, network namespaces, per-thread credentials, bounded waits.
 */
package org.dial4j.testing;
