/**
 * The one system-call boundary (internal, not exported): {@link org.dial4j.sys.Syscalls} with the
 * -errno convention, its Linux implementation over the FFM API, the C structs and constants. A
 * leaf: it imports nothing of dial4j (checked by the layering test).
 */
@NullMarked
package org.dial4j.sys;

import org.jspecify.annotations.NullMarked;
