/**
 * dial4j: the {@code connect} operation for Java. The model: {@link org.dial4j.Endpoint},
 * {@link org.dial4j.Network} and {@link org.dial4j.Deadline}.
 */
package org.dial4j;
