package org.dial4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the storm line and the dial object: objects (kept in their order, which the
 * tests check), arrays (Lists), strings with RFC 8259's escapes, numbers, true, false, null.
 * Numbers with a fraction are Doubles, others Longs. Throws IllegalArgumentException on anything
 * else, including trailing text and raw control characters in strings.
 */
final class MiniJson {
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  /** The object {@code text} holds, its keys in their order. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String text) {
    MiniJson p = new MiniJson(text.strip());
    Object v = p.value();
    if (p.i != p.s.length() || !(v instanceof Map)) {
      throw p.error("one object and nothing after it");
    }
    return (Map<String, Object>) v;
  }

  private Object value() {
    if (i >= s.length()) {
      throw error("a value");
    }
    char c = s.charAt(i);
    if (c == '{') {
      return object();
    }
    if (c == '"') {
      return string();
    }
    if (c == '[') {
      return array();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, i)) {
        i += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int from = i;
    while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String n = s.substring(from, i);
    if (n.isEmpty()) {
      throw error("a value");
    }
    return n.contains(".") || n.contains("e") || n.contains("E")
        ? (Object) Double.parseDouble(n)
        : (Object) Long.parseLong(n);
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    expect('{');
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      String key = string();
      expect(':');
      if (m.containsKey(key)) {
        throw error("no repeated key " + key);
      }
      m.put(key, value());
      char c = s.charAt(i++);
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("',' or '}'");
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    expect('[');
    if (peek() == ']') {
      i++;
      return l;
    }
    while (true) {
      l.add(value());
      char c = peek();
      i++;
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw error("',' or ']'");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (peek() != '"') {
      char c = s.charAt(i++);
      if (c < 0x20) {
        throw error("no raw control character");
      }
      if (c == '\\') {
        c = peek();
        i++;
        c =
            switch (c) {
              case '"', '\\', '/' -> c;
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'u' -> {
                if (i + 4 > s.length()) {
                  throw error("four hex digits");
                }
                char u = (char) Integer.parseInt(s.substring(i, i + 4), 16);
                i += 4;
                yield u;
              }
              default -> throw error("an escape");
            };
      }
      b.append(c);
    }
    i++;
    return b.toString();
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("more text");
    }
    return s.charAt(i);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("'" + c + "'");
    }
    i++;
  }

  private IllegalArgumentException error(String wanted) {
    return new IllegalArgumentException("expected " + wanted + " at " + i + " in " + s);
  }
}
