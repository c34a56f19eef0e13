/**
 * The errno vocabulary and the exception family that carries it ({@link
 * org.dial4j.error.NetError}).
 */
package org.dial4j.error;
