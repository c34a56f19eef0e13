package org.dial4j.testing;

import java.util.List;
import java.util.Locale;
import org.dial4j.Family;

/**
 * Loads {@link NetFault} rules into a {@link NetLab} namespace's firewall: with nftables' {@code
 * nft} (the Debian package {@code nftables}, which {@code .ci/run} installs), or with {@code
 * iptables-restore} and {@code ip6tables-restore} where {@code nft} is missing. The system property
 * {@code dial4j.netlab.firewall} ({@code nft} or {@code iptables}) picks one by hand.
 *
 * <p>The rules live in the namespace, so they go with it when it is deleted.
 */
final class LabFirewall {
  /** The nftables table the lab's rules are in. */
  static final String TABLE = "dial4jlab";

  /** One fault's rule for one server address. */
  record Rule(NetFault fault, Family family, String address) {}

  private final String nft;
  private final String iptablesRestore;
  private final String ip6tablesRestore;

  private LabFirewall(String nft, String iptablesRestore, String ip6tablesRestore) {
    this.nft = nft;
    this.iptablesRestore = iptablesRestore;
    this.ip6tablesRestore = ip6tablesRestore;
  }

  /**
   * The firewall tool of this machine.
   *
   * @throws IllegalStateException naming what is missing (and the package that brings it) when
   *     neither tool is there, or the one asked for by {@code dial4j.netlab.firewall} is not (or
   *     the property names neither)
   */
  static LabFirewall find() {
    String wanted = System.getProperty("dial4j.netlab.firewall", "").toLowerCase(Locale.ROOT);
    if (!List.of("", "nft", "iptables").contains(wanted)) {
      throw new IllegalStateException(
          "dial4j.netlab.firewall=" + wanted + ": it takes nft or iptables");
    }
    String nft = Netns.findTool("nft");
    String v4 = Netns.findTool("iptables-restore");
    String v6 = Netns.findTool("ip6tables-restore");
    boolean iptables = v4 != null && v6 != null;
    if (!wanted.equals("iptables") && nft != null) {
      return new LabFirewall(nft, null, null);
    }
    if (!wanted.equals("nft") && iptables) {
      return new LabFirewall(null, v4, v6);
    }
    throw new IllegalStateException(
        wanted.isEmpty()
            ? "no nft (Debian package nftables) and no iptables-restore/ip6tables-restore (package"
                + " iptables) in /usr/sbin, /sbin or on PATH"
            : "dial4j.netlab.firewall=" + wanted + " but that tool is not installed");
  }

  /** {@code nft} or {@code iptables}, for messages. */
  String tool() {
    return nft != null ? "nft" : "iptables";
  }

  /**
   * Adds {@code rules} to {@code ns}'s input filter, after any loaded before.
   *
   * @throws IllegalStateException with the tool's output when it refuses them (a kernel without
   *     nf_tables or the iptables modules, say): the lab cannot be made
   */
  void load(Netns ns, List<Rule> rules) {
    if (nft != null) {
      StringBuilder text = new StringBuilder();
      text.append("table inet ").append(TABLE).append(" {\n  chain input {\n");
      text.append("    type filter hook input priority 0; policy accept;\n");
      for (Rule r : rules) {
        text.append("    ").append(r.fault().nftRule(r.family(), r.address())).append('\n');
      }
      text.append("  }\n}\n");
      run(ns, List.of(nft, "-f", "-"), text.toString());
      return;
    }
    for (Family family : List.of(Family.INET, Family.INET6)) {
      StringBuilder text = new StringBuilder("*filter\n");
      for (Rule r : rules) {
        if (r.family() == family) {
          text.append(String.join(" ", r.fault().iptablesRule(family, r.address()))).append('\n');
        }
      }
      text.append("COMMIT\n");
      String restore = family == Family.INET ? iptablesRestore : ip6tablesRestore;
      run(ns, List.of(restore, "--noflush"), text.toString());
    }
  }

  /** Runs {@code command} in {@code ns} with {@code text} on its standard input. */
  private static void run(Netns ns, List<String> command, String text) {
    ProcessRunner.Result r = ns.exec(ProcessRunner.DEFAULT_TIMEOUT, command, text);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          command.getFirst()
              + " refused the lab's rules (exit "
              + r.exitCode()
              + "): "
              + r.output().strip());
    }
  }
}
