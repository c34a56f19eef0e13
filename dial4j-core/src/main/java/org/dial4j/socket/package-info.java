/**
 * POSIX-faithful socket handles: socket, bind, listen, accept, connect (EINPROGRESS, EALREADY,
 * EISCONN), SO_ERROR, datagram connect and dissolve, send and receive.
 */
@NullMarked
package org.dial4j.socket;

import org.jspecify.annotations.NullMarked;
