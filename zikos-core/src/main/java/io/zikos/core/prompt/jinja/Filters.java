package io.zikos.core.prompt.jinja;

import io.zikos.core.prompt.PyJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Jinja filters and tests used by chat templates. */
final class Filters {

    private Filters() {
    }

    static Object apply(String name, Object v, List<Object> args, Map<String, Object> kw) {
        switch (name) {
            case "tojson" -> {
                Object indent = kw.getOrDefault("indent", args.isEmpty() ? null : args.get(0));
                return PyJson.dumps(plain(v), indent == null ? -1 : (int) Runtime.toLong(indent));
            }
            case "length", "count" -> {
                if (v instanceof String s) {
                    return (long) s.codePointCount(0, s.length());
                }
                if (v instanceof Map<?, ?> m) {
                    return (long) m.size();
                }
                return (long) Runtime.iterate(v).size();
            }
            case "string" -> {
                return Runtime.str(v);
            }
            case "trim" -> {
                String chars = args.isEmpty() ? " \t\n\r\u000b\f" : Runtime.str(args.get(0));
                return PyStrings.strip(Runtime.str(v), chars);
            }
            case "lower" -> {
                return Runtime.str(v).toLowerCase(java.util.Locale.ROOT);
            }
            case "upper" -> {
                return Runtime.str(v).toUpperCase(java.util.Locale.ROOT);
            }
            case "capitalize", "title" -> {
                return Runtime.call(Methods.bind(Runtime.str(v), name), List.of(), Map.of());
            }
            case "replace" -> {
                return Runtime.str(v).replace(Runtime.str(args.get(0)), Runtime.str(args.get(1)));
            }
            case "first" -> {
                List<Object> l = Runtime.iterate(v);
                return l.isEmpty() ? Runtime.UNDEFINED : l.get(0);
            }
            case "last" -> {
                List<Object> l = Runtime.iterate(v);
                return l.isEmpty() ? Runtime.UNDEFINED : l.get(l.size() - 1);
            }
            case "reverse" -> {
                if (v instanceof String s) {
                    return new StringBuilder(s).reverse().toString();
                }
                List<Object> l = Runtime.iterate(v);
                Collections.reverse(l);
                return l;
            }
            case "list" -> {
                return Runtime.iterate(v);
            }
            case "items" -> {
                return Runtime.call(Methods.bind(v instanceof Map ? v : Map.of(), "items"), List.of(), Map.of());
            }
            case "unique" -> {
                return new ArrayList<>(new LinkedHashSet<>(Runtime.iterate(v)));
            }
            case "join" -> {
                String sep = args.isEmpty() ? "" : Runtime.str(args.get(0));
                Object attr = kw.getOrDefault("attribute", args.size() > 1 ? args.get(1) : null);
                List<Object> items = Runtime.iterate(v);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(sep);
                    }
                    Object item = attr == null ? items.get(i) : Runtime.getAttr(items.get(i), Runtime.str(attr));
                    sb.append(Runtime.str(item));
                }
                return sb.toString();
            }
            case "default", "d" -> {
                Object dflt = args.isEmpty() ? "" : args.get(0);
                boolean bool = args.size() > 1 && Runtime.truthy(args.get(1)) || Runtime.truthy(kw.get("boolean"));
                if (v == Runtime.UNDEFINED || (bool && !Runtime.truthy(v))) {
                    return dflt;
                }
                return v;
            }
            case "safe", "e", "escape" -> {
                // Chat templates render text for a tokenizer, never HTML: escaping is off as in transformers.
                return v;
            }
            case "int" -> {
                try {
                    return Runtime.toLong(v);
                } catch (RuntimeException e) {
                    return 0L;
                }
            }
            case "float" -> {
                return v instanceof Long l ? l.doubleValue() : v instanceof Double ? v : Double.parseDouble(Runtime.str(v));
            }
            case "abs" -> {
                return v instanceof Double d ? Math.abs(d) : Math.abs(Runtime.toLong(v));
            }
            case "indent" -> {
                int width = args.isEmpty() ? 4 : (int) Runtime.toLong(args.get(0));
                boolean first = args.size() > 1 && Runtime.truthy(args.get(1)) || Runtime.truthy(kw.get("first"));
                String pad = " ".repeat(width);
                String s = Runtime.str(v);
                String body = s.replace("\n", "\n" + pad);
                // Jinja does not indent blank lines
                body = body.replaceAll("\n" + pad + "(?=\n|$)", "\n");
                return first ? pad + body : body;
            }
            case "map" -> {
                List<Object> out = new ArrayList<>();
                Object attr = kw.get("attribute");
                for (Object item : Runtime.iterate(v)) {
                    if (attr != null) {
                        Object x = Runtime.getAttr(item, Runtime.str(attr));
                        out.add(x == Runtime.UNDEFINED && kw.containsKey("default") ? kw.get("default") : x);
                    } else {
                        out.add(apply(Runtime.str(args.get(0)), item, args.subList(1, args.size()), Map.of()));
                    }
                }
                return out;
            }
            case "select", "reject" -> {
                List<Object> out = new ArrayList<>();
                for (Object item : Runtime.iterate(v)) {
                    boolean ok = args.isEmpty() ? Runtime.truthy(item)
                            : test(Runtime.str(args.get(0)), item, args.subList(1, args.size()));
                    if (ok == name.equals("select")) {
                        out.add(item);
                    }
                }
                return out;
            }
            case "selectattr", "rejectattr" -> {
                List<Object> out = new ArrayList<>();
                String attr = Runtime.str(args.get(0));
                for (Object item : Runtime.iterate(v)) {
                    Object x = Runtime.getAttr(item, attr);
                    boolean ok = args.size() < 2 ? Runtime.truthy(x)
                            : test(Runtime.str(args.get(1)), x, args.subList(2, args.size()));
                    if (ok == name.equals("selectattr")) {
                        out.add(item);
                    }
                }
                return out;
            }
            case "sum" -> {
                Object total = 0L;
                for (Object item : Runtime.iterate(v)) {
                    total = Runtime.arith("+", total, item);
                }
                return total;
            }
            case "dictsort" -> {
                List<Object> items = new ArrayList<>(Runtime.iterate(
                        Runtime.call(Methods.bind(v instanceof Map ? v : Map.of(), "items"), List.of(), Map.of())));
                items.sort((a, b) -> Runtime.str(((List<?>) a).get(0)).compareTo(Runtime.str(((List<?>) b).get(0))));
                return items;
            }
            default -> throw new JinjaException("Unknown filter '" + name + "'");
        }
    }

    static boolean test(String name, Object v, List<Object> args) {
        return switch (name) {
            case "defined" -> v != Runtime.UNDEFINED;
            case "undefined" -> v == Runtime.UNDEFINED;
            case "none" -> v == null;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "string" -> v instanceof String;
            case "number" -> v instanceof Long || v instanceof Double;
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "mapping" -> v instanceof Map;
            case "iterable", "sequence" -> v instanceof List || v instanceof String || v instanceof Map;
            case "callable" -> v instanceof Runtime.Callable;
            case "odd" -> Runtime.toLong(v) % 2 != 0;
            case "even" -> Runtime.toLong(v) % 2 == 0;
            case "divisibleby" -> Runtime.toLong(v) % Runtime.toLong(args.get(0)) == 0;
            case "eq", "equalto", "==", "sameas" -> Runtime.pyEquals(v, args.get(0));
            case "ne", "!=" -> !Runtime.pyEquals(v, args.get(0));
            case "lt", "<", "lessthan" -> (Boolean) Runtime.compare("<", v, args.get(0));
            case "le", "<=" -> (Boolean) Runtime.compare("<=", v, args.get(0));
            case "gt", ">", "greaterthan" -> (Boolean) Runtime.compare(">", v, args.get(0));
            case "ge", ">=" -> (Boolean) Runtime.compare(">=", v, args.get(0));
            case "in" -> Runtime.contains(args.get(0), v);
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase(java.util.Locale.ROOT));
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase(java.util.Locale.ROOT));
            default -> throw new JinjaException("Unknown test '" + name + "'");
        };
    }

    /** Drops engine-only values so tojson sees plain data. */
    private static Object plain(Object v) {
        return v == Runtime.UNDEFINED ? null : v;
    }
}
