/**
 * POSIX-faithful socket handles: socket, bind, listen, accept, connect (EINPROGRESS, EALREADY,
 * EISCONN), SO_ERROR, datagram connect and dissolve, send and receive.
 */
package org.dial4j.socket;
