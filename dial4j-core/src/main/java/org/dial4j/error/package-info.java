/**
 * The errno vocabulary and the exception family that carries it ({@link
 * org.dial4j.error.NetError}).
 */
@NullMarked
package org.dial4j.error;

import org.jspecify.annotations.NullMarked;
