package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.internal.dnsconf.NsSwitchHosts.Action;
import org.dial4j.internal.dnsconf.NsSwitchHosts.Source;
import org.dial4j.internal.dnsconf.NsSwitchHosts.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hosts line of nsswitch.conf(5) as glibc reads it (nss/nss_database.c, nss_action_parse.c).
 */
class NsSwitchHostsTest {

  private static List<String> names(NsSwitchHosts h) {
    return h.sources().stream().map(Source::name).toList();
  }

  @Test
  @DisplayName("No file, no hosts line: glibc's default, files dns, which dial4j serves")
  void defaults(@TempDir Path dir) throws IOException {
    assertThat(NsSwitchHosts.read(dir.resolve("none"))).isEqualTo(NsSwitchHosts.DEFAULT);
    assertThat(names(NsSwitchHosts.DEFAULT)).containsExactly("files", "dns");
    assertThat(NsSwitchHosts.DEFAULT.configured()).isFalse();
    assertThat(NsSwitchHosts.DEFAULT.servedByDial4j()).isTrue();
    assertThat(NsSwitchHosts.parse("passwd: files\ngroup: files\n"))
        .isEqualTo(NsSwitchHosts.DEFAULT);
    assertThat(NsSwitchHosts.parse("")).isEqualTo(NsSwitchHosts.DEFAULT);
  }

  @Test
  @DisplayName("A typical Ubuntu line: served only in part, the others named in order")
  void ubuntu() {
    NsSwitchHosts h =
        NsSwitchHosts.parse(
            """
            # /etc/nsswitch.conf
            passwd:         files systemd
            hosts:          files mdns4_minimal [NOTFOUND=return] dns myhostname
            networks:       files
            """);
    assertThat(h.configured()).isTrue();
    assertThat(names(h)).containsExactly("files", "mdns4_minimal", "dns", "myhostname");
    assertThat(h.sources().get(1).on(Status.NOTFOUND)).isEqualTo(Action.RETURN);
    assertThat(h.sources().get(1).on(Status.UNAVAIL)).isEqualTo(Action.CONTINUE);
    assertThat(h.servedByDial4j()).isFalse();
    assertThat(h.unservedSources()).containsExactly("mdns4_minimal", "myhostname");
    assertThat(h.notServedBecause()).hasValueSatisfying(s -> assertThat(s).contains("myhostname"));
    assertThat(h.filesBeforeDns()).isTrue();
  }

  @Test
  @DisplayName("Served: files and dns alone, in either order, with the default actions")
  void served() {
    assertThat(NsSwitchHosts.ofServices("dns files").servedByDial4j()).isTrue();
    assertThat(NsSwitchHosts.ofServices("dns files").filesBeforeDns()).isFalse();
    assertThat(NsSwitchHosts.ofServices("files").servedByDial4j()).isTrue();
    assertThat(NsSwitchHosts.ofServices("dns").servedByDial4j()).isTrue();
    // Spelled-out defaults are the defaults.
    assertThat(
            NsSwitchHosts.ofServices("files [SUCCESS=return NOTFOUND=continue] dns")
                .servedByDial4j())
        .isTrue();
    NsSwitchHosts criteria = NsSwitchHosts.ofServices("files [NOTFOUND=return] dns");
    assertThat(criteria.servedByDial4j()).isFalse();
    assertThat(criteria.unservedSources()).isEmpty();
    assertThat(criteria.notServedBecause())
        .hasValueSatisfying(s -> assertThat(s).contains("files").contains("actions"));
    NsSwitchHosts none = NsSwitchHosts.parse("hosts:\n");
    assertThat(none.sources()).isEmpty();
    assertThat(none.configured()).isTrue();
    assertThat(none.servedByDial4j()).as("glibc finds nothing; dial4j would").isFalse();
    assertThat(NsSwitchHosts.ofServices("files resolve [!UNAVAIL=return] dns").unservedSources())
        .containsExactly("resolve");
    assertThat(NsSwitchHosts.ofServices("ldap files").unservedSources()).containsExactly("ldap");
  }

  @Test
  @DisplayName("Criteria: each status and action, any case, ! for all but one, spaces inside")
  void criteria() {
    Source s =
        NsSwitchHosts.ofServices("dns [ notfound = RETURN TryAgain=Continue ]").sources().get(0);
    assertThat(s.on(Status.SUCCESS)).isEqualTo(Action.RETURN);
    assertThat(s.on(Status.NOTFOUND)).isEqualTo(Action.RETURN);
    assertThat(s.on(Status.TRYAGAIN)).isEqualTo(Action.CONTINUE);
    Source not = NsSwitchHosts.ofServices("dns [!UNAVAIL=return]").sources().get(0);
    assertThat(not.on(Status.UNAVAIL)).isEqualTo(Action.CONTINUE);
    assertThat(not.on(Status.NOTFOUND)).isEqualTo(Action.RETURN);
    assertThat(not.on(Status.TRYAGAIN)).isEqualTo(Action.RETURN);
    Source merge = NsSwitchHosts.ofServices("files[SUCCESS=merge]dns").sources().get(0);
    assertThat(merge.name()).isEqualTo("files");
    assertThat(merge.on(Status.SUCCESS)).isEqualTo(Action.MERGE);
    assertThat(names(NsSwitchHosts.ofServices("files[SUCCESS=merge]dns")))
        .containsExactly("files", "dns");
  }

  @Test
  @DisplayName("A criterion glibc cannot parse refuses the whole file, on any database's line")
  void refused() {
    for (String bad :
        List.of(
            "hosts: files [NOTFOUND=stop] dns\n",
            "hosts: files [FOUND=return] dns\n",
            "hosts: files [NOTFOUND return] dns\n",
            "hosts: files [NOTFOUND=return dns\n",
            "hosts: files []\n",
            "passwd: files [x=y]\nhosts: files dns\n")) {
      assertThatThrownBy(() -> NsSwitchHosts.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("glibc refuses");
    }
    // A database glibc does not know is not parsed at all.
    assertThat(NsSwitchHosts.parse("sudoers: files [x=y]\n")).isEqualTo(NsSwitchHosts.DEFAULT);
  }

  @Test
  @DisplayName("Lines: the last hosts line wins, the colon is optional, no comment syntax after")
  void lines() {
    NsSwitchHosts h =
        NsSwitchHosts.parse(
            """
            hosts: files
               hosts   dns files
            #hosts: ldap
            """);
    assertThat(names(h)).containsExactly("dns", "files");
    assertThat(names(NsSwitchHosts.parse("hosts: files dns # mdns\n")))
        .containsExactly("files", "dns", "#", "mdns");
    assertThat(names(NsSwitchHosts.parse("hosts:files\tdns\r\n"))).containsExactly("files", "dns");
    // The hosts keyword alone on a line is a hosts line with no source.
    assertThat(NsSwitchHosts.parse("hosts\n").sources()).isEmpty();
    assertThat(NsSwitchHosts.parse("hosts\n").configured()).isTrue();
  }

  @Test
  @DisplayName("An unended last line is never read, as nss_database_reload_1 stops at EOF")
  void unendedLastLine() {
    assertThat(NsSwitchHosts.parse("hosts: ldap")).isEqualTo(NsSwitchHosts.DEFAULT);
    assertThat(names(NsSwitchHosts.parse("hosts: ldap\nhosts: files"))).containsExactly("ldap");
  }

  @Test
  @DisplayName("Sources are records with all four actions")
  void sourceChecks() {
    assertThatThrownBy(() -> new Source("files", java.util.Map.of(Status.SUCCESS, Action.RETURN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Source.of("dns").hasDefaultActions()).isTrue();
    assertThat(NsSwitchHosts.DEFAULT.indexOf("dns")).isEqualTo(1);
    assertThat(NsSwitchHosts.DEFAULT.indexOf("ldap")).isEqualTo(-1);
  }

  @Test
  @DisplayName("read: a file; a directory fails with a typed error")
  void read(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("nsswitch.conf"), "hosts: dns\n");
    assertThat(names(NsSwitchHosts.read(file))).containsExactly("dns");
    assertThatThrownBy(() -> NsSwitchHosts.read(dir))
        .isInstanceOf(org.dial4j.error.ResolveException.class);
  }
}
