/**
 * dial4j's dial as a Netty connect: {@link org.dial4j.netty.Dial4jNetty#connect(
 * org.dial4j.dial.Dialer, String, io.netty.channel.EventLoopGroup,
 * io.netty.channel.ChannelHandler)}.
 */
@NullMarked
package org.dial4j.netty;

import org.jspecify.annotations.NullMarked;
