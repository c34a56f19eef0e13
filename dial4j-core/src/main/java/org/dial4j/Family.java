package org.dial4j;

/** An address family: IPv4 ({@code AF_INET}), IPv6 ({@code AF_INET6}) or Unix ({@code AF_UNIX}). */
public enum Family {
  /** IPv4, {@code AF_INET}. */
  INET,
  /** IPv6, {@code AF_INET6}. */
  INET6,
  /** Unix domain, {@code AF_UNIX}. */
  UNIX
}
