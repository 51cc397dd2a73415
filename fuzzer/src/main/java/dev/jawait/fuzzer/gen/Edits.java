package dev.jawait.fuzzer.gen;

import java.util.ArrayList;
import java.util.List;

/**
 * The shrinker's edits of a {@link Program} tree: remove a statement (or method), splice a
 * statement's block in its place, replace an expression by one of its sub-expressions or by a
 * literal of its type. Each edit applies and undoes in place; an edit whose target has gone
 * (because another edit removed it) does not apply.
 */
public final class Edits {
    private Edits() {}

    /** One reversible edit. */
    public interface Edit {
        /** Applies the edit; false if it no longer applies. */
        boolean apply();

        /** Undoes an applied edit. */
        void undo();
    }

    /** Every edit of {@code p}, coarse ones (whole statements) first. */
    public static List<Edit> of(Program p) {
        List<Edit> removals = new ArrayList<>();
        List<Edit> splices = new ArrayList<>();
        List<Edit> exprs = new ArrayList<>();
        for (Node m : p.methods.stmts) {
            if (!((String) m.parts.get(0)).contains(" m0(")) { // the entry point's method stays
                removals.add(new Remove(p.methods, m));
            }
        }
        for (Node m : p.methods.stmts) {
            walk(m, removals, splices, exprs);
        }
        List<Edit> all = new ArrayList<>(removals);
        all.addAll(splices);
        all.addAll(exprs);
        return all;
    }

    private static void walk(Node n, List<Edit> removals, List<Edit> splices, List<Edit> exprs) {
        for (int i = 0; i < n.parts.size(); i++) {
            Object part = n.parts.get(i);
            if (part instanceof Block) {
                Block b = (Block) part;
                int unpinned = 0;
                for (Node s : b.stmts) {
                    unpinned += s.pinned ? 0 : 1;
                }
                if (unpinned >= 4) {
                    // delta debugging's coarse steps: drop each half of a long block at once
                    List<Node> first = new ArrayList<>();
                    List<Node> second = new ArrayList<>();
                    for (Node s : b.stmts) {
                        if (!s.pinned) {
                            (first.size() < unpinned / 2 ? first : second).add(s);
                        }
                    }
                    removals.add(0, new RemoveAll(b, first));
                    removals.add(0, new RemoveAll(b, second));
                }
                for (Node s : b.stmts) {
                    if (!s.pinned) {
                        removals.add(new Remove(b, s));
                    }
                    for (Object sp : s.parts) {
                        if (sp instanceof Block) {
                            splices.add(new Splice(b, s, (Block) sp));
                        }
                    }
                    walk(s, removals, splices, exprs);
                }
            } else if (part instanceof Node) {
                Node e = (Node) part;
                if (e.kind == Node.Kind.EXPR) {
                    for (Object ep : e.parts) {
                        if (ep instanceof Node && ((Node) ep).kind == Node.Kind.EXPR) {
                            exprs.add(new Replace(n, e, (Node) ep));
                        }
                    }
                    if (e.fallback != null) {
                        exprs.add(new Replace(n, e, Node.leaf(e.fallback)));
                    }
                }
                walk(e, removals, splices, exprs);
            }
        }
    }

    /** Removes a statement from its block. */
    private static final class Remove implements Edit {
        private final Block block;
        private final Node node;
        private int at = -1;

        Remove(Block block, Node node) {
            this.block = block;
            this.node = node;
        }

        @Override
        public boolean apply() {
            at = indexOf(block.stmts, node);
            if (at < 0) {
                return false;
            }
            block.stmts.remove(at);
            return true;
        }

        @Override
        public void undo() {
            block.stmts.add(at, node);
        }
    }

    /** Removes several statements of one block. */
    private static final class RemoveAll implements Edit {
        private final List<Remove> parts = new ArrayList<>();
        private final List<Remove> done = new ArrayList<>();

        RemoveAll(Block block, List<Node> nodes) {
            for (Node n : nodes) {
                parts.add(new Remove(block, n));
            }
        }

        @Override
        public boolean apply() {
            done.clear();
            for (Remove r : parts) {
                if (r.apply()) {
                    done.add(r);
                }
            }
            return !done.isEmpty();
        }

        @Override
        public void undo() {
            for (int i = done.size() - 1; i >= 0; i--) {
                done.get(i).undo();
            }
        }
    }

    /** Replaces a statement by the statements of one of its blocks. */
    private static final class Splice implements Edit {
        private final Block block;
        private final Node node;
        private final Block inner;
        private int at = -1;
        private int count;

        Splice(Block block, Node node, Block inner) {
            this.block = block;
            this.node = node;
            this.inner = inner;
        }

        @Override
        public boolean apply() {
            at = indexOf(block.stmts, node);
            if (at < 0) {
                return false;
            }
            block.stmts.remove(at);
            count = inner.stmts.size();
            block.stmts.addAll(at, inner.stmts);
            return true;
        }

        @Override
        public void undo() {
            for (int i = 0; i < count; i++) {
                block.stmts.remove(at);
            }
            block.stmts.add(at, node);
        }
    }

    /** Replaces an expression (a part of {@code parent}) by another. */
    private static final class Replace implements Edit {
        private final Node parent;
        private final Node old;
        private final Node replacement;
        private int at = -1;

        Replace(Node parent, Node old, Node replacement) {
            this.parent = parent;
            this.old = old;
            this.replacement = replacement;
        }

        @Override
        public boolean apply() {
            at = indexOf(parent.parts, old);
            if (at < 0) {
                return false;
            }
            parent.parts.set(at, replacement);
            return true;
        }

        @Override
        public void undo() {
            parent.parts.set(at, old);
        }
    }

    /** Index by identity. */
    private static int indexOf(List<?> xs, Object x) {
        for (int i = 0; i < xs.size(); i++) {
            if (xs.get(i) == x) {
                return i;
            }
        }
        return -1;
    }
}
