package io.zikos.core.prompt.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python methods on strings, dicts and lists that chat templates call. */
final class Methods {

    private Methods() {
    }

    private static final String WHITESPACE = " \t\n\r\u000b\f";

    /** A bound method, or {@code null} when the object has no such method. */
    static Runtime.Callable bind(Object obj, String name) {
        if (obj instanceof String s) {
            return stringMethod(s, name);
        }
        if (obj instanceof Map<?, ?> m) {
            return switch (name) {
                case "get" -> (a, kw) -> {
                    Object k = a.get(0) instanceof String ? a.get(0) : Runtime.str(a.get(0));
                    return m.containsKey(k) ? m.get(k) : a.size() > 1 ? a.get(1) : null;
                };
                case "items" -> (a, kw) -> {
                    List<Object> out = new ArrayList<>();
                    m.forEach((k, v) -> out.add(new ArrayList<>(java.util.Arrays.asList(k, v))));
                    return out;
                };
                case "keys" -> (a, kw) -> new ArrayList<Object>(m.keySet());
                case "values" -> (a, kw) -> new ArrayList<Object>(m.values());
                default -> null;
            };
        }
        if (obj instanceof List<?> l) {
            return switch (name) {
                case "index" -> (a, kw) -> {
                    for (int i = 0; i < l.size(); i++) {
                        if (Runtime.pyEquals(l.get(i), a.get(0))) {
                            return (long) i;
                        }
                    }
                    throw new JinjaException(Runtime.repr(a.get(0)) + " is not in list");
                };
                case "count" -> (a, kw) -> l.stream().filter(x -> Runtime.pyEquals(x, a.get(0))).count();
                default -> null;
            };
        }
        return null;
    }

    private static String chars(List<Object> a) {
        return a.isEmpty() || a.get(0) == null ? WHITESPACE : Runtime.str(a.get(0));
    }

    private static Runtime.Callable stringMethod(String s, String name) {
        return switch (name) {
            case "strip" -> (a, kw) -> PyStrings.strip(s, chars(a));
            case "lstrip" -> (a, kw) -> PyStrings.lstrip(s, chars(a));
            case "rstrip" -> (a, kw) -> PyStrings.rstrip(s, chars(a));
            case "upper" -> (a, kw) -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> (a, kw) -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> (a, kw) -> title(s);
            case "capitalize" -> (a, kw) -> s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
            case "startswith" -> (a, kw) -> anyAffix(s, a.get(0), true);
            case "endswith" -> (a, kw) -> anyAffix(s, a.get(0), false);
            case "split" -> (a, kw) -> split(s, a.isEmpty() ? null : a.get(0),
                    a.size() > 1 ? Runtime.toLong(a.get(1)) : -1);
            case "splitlines" -> (a, kw) -> new ArrayList<Object>(List.of(s.split("\r\n|\n|\r", -1)))
                    .subList(0, s.isEmpty() ? 0 : s.endsWith("\n") ? s.split("\r\n|\n|\r", -1).length - 1
                            : s.split("\r\n|\n|\r", -1).length);
            case "replace" -> (a, kw) -> replace(s, Runtime.str(a.get(0)), Runtime.str(a.get(1)),
                    a.size() > 2 ? Runtime.toLong(a.get(2)) : -1);
            case "find" -> (a, kw) -> (long) s.indexOf(Runtime.str(a.get(0)));
            case "rfind" -> (a, kw) -> (long) s.lastIndexOf(Runtime.str(a.get(0)));
            case "count" -> (a, kw) -> {
                String sub = Runtime.str(a.get(0));
                if (sub.isEmpty()) {
                    return (long) s.length() + 1;
                }
                long c = 0;
                for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                    c++;
                }
                return c;
            };
            case "join" -> (a, kw) -> {
                StringBuilder sb = new StringBuilder();
                List<Object> items = Runtime.iterate(a.get(0));
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(s);
                    }
                    sb.append(Runtime.str(items.get(i)));
                }
                return sb.toString();
            };
            case "removeprefix" -> (a, kw) -> s.startsWith(Runtime.str(a.get(0)))
                    ? s.substring(Runtime.str(a.get(0)).length()) : s;
            case "removesuffix" -> (a, kw) -> {
                String suf = Runtime.str(a.get(0));
                return !suf.isEmpty() && s.endsWith(suf) ? s.substring(0, s.length() - suf.length()) : s;
            };
            case "isdigit" -> (a, kw) -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> (a, kw) -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            default -> null;
        };
    }

    private static boolean anyAffix(String s, Object affix, boolean prefix) {
        if (affix instanceof List<?> l) {
            for (Object o : l) {
                if (anyAffix(s, o, prefix)) {
                    return true;
                }
            }
            return false;
        }
        String x = Runtime.str(affix);
        return prefix ? s.startsWith(x) : s.endsWith(x);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevLetter = false;
        for (char c : s.toCharArray()) {
            sb.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevLetter = Character.isLetter(c);
        }
        return sb.toString();
    }

    /** Python's {@code str.split}: with a separator keeps empty parts; without, splits on whitespace runs. */
    static List<Object> split(String s, Object sepV, long maxSplit) {
        List<Object> out = new ArrayList<>();
        if (sepV == null || sepV == Runtime.UNDEFINED) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxSplit >= 0 && out.size() == maxSplit) {
                    out.add(PyStrings.rstrip(s.substring(i), WHITESPACE));
                    break;
                }
                int j = i;
                while (j < n && !Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        String sep = Runtime.str(sepV);
        if (sep.isEmpty()) {
            throw new JinjaException("empty separator");
        }
        int from = 0;
        while (maxSplit < 0 || out.size() < maxSplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String replace(String s, String a, String b, long count) {
        if (count < 0) {
            return s.replace(a, b);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (long c = 0; c < count; c++) {
            int at = s.indexOf(a, from);
            if (at < 0) {
                break;
            }
            sb.append(s, from, at).append(b);
            from = at + a.length();
        }
        return sb.append(s.substring(from)).toString();
    }
}
