/**
 * The one system-call boundary (internal, not exported): {@link org.dial4j.sys.Syscalls} with the
 * -errno convention, and its Linux implementation over the FFM API.
 */
package org.dial4j.sys;
