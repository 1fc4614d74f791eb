package io.zikos.core.prompt.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Template statements and how they render. */
final class Nodes {

    private Nodes() {
    }

    interface Node {
        void render(Runtime.Scope scope, StringBuilder out);
    }

    static void renderAll(List<Node> nodes, Runtime.Scope scope, StringBuilder out) {
        for (Node n : nodes) {
            n.render(scope, out);
        }
    }

    /** Loop control, thrown through the body of a for loop. */
    static final class LoopSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean isBreak;

        LoopSignal(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopSignal BREAK = new LoopSignal(true);
    private static final LoopSignal CONTINUE = new LoopSignal(false);

    record Text(String text) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            out.append(text);
        }
    }

    record Output(Expressions.Expr expr) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            out.append(Runtime.str(expr.eval(scope)));
        }
    }

    record Group(List<Node> body) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            renderAll(body, scope, out);
        }
    }

    record Do(Expressions.Expr expr) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            expr.eval(scope);
        }
    }

    record If(List<Expressions.Expr> conds, List<List<Node>> bodies, List<Node> elseBody) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            for (int i = 0; i < conds.size(); i++) {
                if (Runtime.truthy(conds.get(i).eval(scope))) {
                    renderAll(bodies.get(i), scope, out);
                    return;
                }
            }
            renderAll(elseBody, scope, out);
        }
    }

    record For(List<String> targets, Expressions.Expr iter, Expressions.Expr filter, List<Node> body,
               List<Node> elseBody) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            List<Object> items = Runtime.iterate(iter.eval(scope));
            if (filter != null) {
                List<Object> kept = new ArrayList<>();
                for (Object item : items) {
                    Runtime.Scope s = new Runtime.Scope(scope);
                    bind(s, item);
                    if (Runtime.truthy(filter.eval(s))) {
                        kept.add(item);
                    }
                }
                items = kept;
            }
            if (items.isEmpty()) {
                renderAll(elseBody, scope, out);
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                Runtime.Scope s = new Runtime.Scope(scope);
                bind(s, items.get(i));
                s.set("loop", new Runtime.Loop(items, i));
                try {
                    renderAll(body, s, out);
                } catch (LoopSignal signal) {
                    if (signal.isBreak) {
                        break;
                    }
                }
            }
        }

        private void bind(Runtime.Scope s, Object item) {
            if (targets.size() == 1) {
                s.set(targets.get(0), item);
                return;
            }
            List<Object> parts = Runtime.iterate(item);
            if (parts.size() != targets.size()) {
                throw new JinjaException("Cannot unpack " + parts.size() + " values into " + targets);
            }
            for (int i = 0; i < targets.size(); i++) {
                s.set(targets.get(i), parts.get(i));
            }
        }
    }

    record Set(List<String> names, String attr, Expressions.Expr value) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            Object v = value.eval(scope);
            if (attr != null) {
                Object target = scope.get(names.get(0));
                if (!(target instanceof Runtime.Namespace ns)) {
                    throw new JinjaException("Cannot set attribute '" + attr + "' on " + names.get(0)
                            + ": only namespace() objects take attributes");
                }
                ns.put(attr, v);
                return;
            }
            if (names.size() == 1) {
                scope.set(names.get(0), v);
                return;
            }
            List<Object> parts = Runtime.iterate(v);
            if (parts.size() != names.size()) {
                throw new JinjaException("Cannot unpack " + parts.size() + " values into " + names);
            }
            for (int i = 0; i < names.size(); i++) {
                scope.set(names.get(i), parts.get(i));
            }
        }
    }

    record SetBlock(String name, List<Node> body) implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            StringBuilder sb = new StringBuilder();
            renderAll(body, scope, sb);
            scope.set(name, sb.toString());
        }
    }

    record Macro(String name, List<String> params, Map<String, Expressions.Expr> defaults, List<Node> body)
            implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            Runtime.Callable fn = (args, kwargs) -> {
                Runtime.Scope s = new Runtime.Scope(scope);
                for (int i = 0; i < params.size(); i++) {
                    String p = params.get(i);
                    Object v;
                    if (i < args.size()) {
                        v = args.get(i);
                    } else if (kwargs.containsKey(p)) {
                        v = kwargs.get(p);
                    } else if (defaults.containsKey(p)) {
                        v = defaults.get(p).eval(s);
                    } else {
                        v = Runtime.UNDEFINED;
                    }
                    s.set(p, v);
                }
                StringBuilder sb = new StringBuilder();
                renderAll(body, s, sb);
                return sb.toString();
            };
            scope.set(name, fn);
        }
    }

    record Break() implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            throw BREAK;
        }
    }

    record Continue() implements Node {
        @Override
        public void render(Runtime.Scope scope, StringBuilder out) {
            throw CONTINUE;
        }
    }
}
