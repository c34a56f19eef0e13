/**
 * The stub resolver's configuration, read as glibc reads it (internal, not exported): {@code
 * /etc/resolv.conf} with the {@code LOCALDOMAIN} and {@code RES_OPTIONS} overrides ({@link
 * org.dial4j.internal.dnsconf.ResolvConf}, glibc's {@code resolv/res_init.c}), {@code /etc/hosts}
 * ({@link org.dial4j.internal.dnsconf.HostsFile}, {@code nss/nss_files/files-hosts.c}), the {@code
 * hosts:} line of {@code /etc/nsswitch.conf} ({@link org.dial4j.internal.dnsconf.NsSwitchHosts},
 * {@code nss/nss_database.c} and {@code nss/nss_action_parse.c}), and a file re-read when it
 * changes ({@link org.dial4j.internal.dnsconf.WatchedFile}, {@code io/file_change_detection.c}).
 *
 * <p>Each file becomes a plain immutable record, built from text or from a path, so a resolver can
 * take the system's or one made by hand. A line glibc ignores is ignored here, silently; the one
 * text glibc refuses whole, an {@code nsswitch.conf} whose actions it cannot parse, is an {@link
 * org.dial4j.error.InvalidArgumentException}. Pure code: {@code java.*}, the {@code org.dial4j}
 * values and errors, nothing else.
 */
@NullMarked
package org.dial4j.internal.dnsconf;

import org.jspecify.annotations.NullMarked;
