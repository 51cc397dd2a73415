package dev.jawait.processor;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.jawait.processor.MachineIr.State;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a {@code switch} statement or expression with an await (part of the lower pass, see
 * {@link StateLowering}). The selector is evaluated once into a dispatch: a switch with the
 * source's labels whose cases only jump to the state of the matching case's code; the cases'
 * code then runs in those states, falling through from one to the next as in the source, and a
 * {@code break} (statement) or {@code yield} (expression) jumps to the state after the switch.
 *
 * <p>A switch with patterns, {@code case null} or guards (JDK 21+) is dispatched by the same
 * pattern switch, labels and guards printed as written, so javac matches them exactly as in the
 * source: in order, each guard run as often as there, the same exhaustiveness, the same
 * {@code NullPointerException} for a null selector without {@code case null} and the same
 * {@code MatchException} for a remainder. A case whose code has an await declares its pattern
 * variables as fresh locals there (its guard reads them) and copies them into the machine fields
 * that the case's code reads in its own states. A case with pattern variables and no await runs
 * its code right in its arm of the dispatch, where its variables stay the pattern's own locals:
 * like any local not in scope at an await, they need no field (whose type the machine might not
 * be able to write).
 */
final class SwitchLowering implements ExpressionLowering.Switches {
    private final LoweringContext cx;
    private final StateLowering statements;
    private final BodyPrinter printer;
    private final StateBuilder states;
    private final ExpressionLowering expr;

    SwitchLowering(LoweringContext cx, StateLowering statements, BodyPrinter printer, StateBuilder states,
            ExpressionLowering expr) {
        this.cx = cx;
        this.statements = statements;
        this.printer = printer;
        this.states = states;
        this.expr = expr;
    }

    /**
     * A switch expression with an await, as the whole right-hand side of a local's initialiser or
     * assignment: lowered as a switch statement whose arms and {@code yield}s assign {@code target}
     * (or hand their value to {@code arms} when not null).
     */
    @Override
    public void lowerInto(TreePath p, CodeBlock target, ExpressionLowering.Arms arms) {
        SwitchExpressionTree s = (SwitchExpressionTree) p.getLeaf();
        State exit = states.newState();
        states.yields.push(new StateBuilder.YieldScope(target, arms, exit, states.finallies.size()));
        try {
            lowerCases(p, s.getExpression(), s.getCases(), exit, target);
        } finally {
            states.yields.pop();
        }
    }

    /** A switch statement with an await. */
    void lowerStatement(TreePath p, SwitchTree s) {
        lowerCases(p, s.getExpression(), s.getCases(), states.newState(), null);
    }

    /**
     * The cases of a switch statement ({@code valueTarget} null) or of a switch expression whose
     * value is assigned to {@code valueTarget}.
     */
    private void lowerCases(TreePath p, ExpressionTree selector, List<? extends CaseTree> cases, State exit,
            CodeBlock valueTarget) {
        for (CaseTree c : cases) {
            ExpressionTree guard = CaseLabels.guard(c);
            if (guard != null && cx.m.hasAwait(guard)) {
                throw cx.fail(guard, "jawait: an await in a case guard ('when') is not supported: the guard"
                        + " decides which case matches, inside the pattern match; await into a local"
                        + " before the switch and test that local in the guard");
            }
        }
        Expr sel = expr.lower(new TreePath(p, JavaPrinter.unparen(selector)));
        boolean patterns = CaseLabels.needPatternDispatch(cases);
        List<State> entries = new ArrayList<>();
        for (CaseTree c : cases) {
            entries.add(patterns && runsInDispatch(c) ? null : states.newState(statements.commentFor(c)));
        }
        if (valueTarget == null) {
            states.jumps.push(new StateBuilder.JumpScope(null, false, true, exit, null, states.finallies.size()));
        }
        if (patterns) {
            patternDispatch(p, sel, cases, entries, exit, valueTarget != null);
        } else {
            constantDispatch(p, sel, cases, entries, exit, valueTarget != null);
        }
        for (int i = 0; i < cases.size(); i++) {
            if (entries.get(i) == null) {
                continue; // its code is in the dispatch
            }
            if (states.cur != null) {
                states.goTo(entries.get(i)); // fall through from the previous case
            }
            states.place(entries.get(i));
            caseCode(new TreePath(p, cases.get(i)), valueTarget != null);
            if (cases.get(i).getCaseKind() == CaseTree.CaseKind.RULE && states.cur != null) {
                states.goTo(exit);
            }
        }
        if (valueTarget == null) {
            states.jumps.pop();
        }
        if (states.cur != null) {
            states.goTo(exit);
        }
        states.place(exit);
        for (CaseTree c : cases) {
            if (c.getStatements() != null) {
                statements.clearScope(c.getStatements());
            }
            for (VariableTree v : CaseLabels.bindings(c)) {
                statements.clearField(v);
            }
        }
    }

    /** The code of case {@code cp} in the current state: a rule's body or a statement group's statements. */
    private void caseCode(TreePath cp, boolean isExpression) {
        CaseTree c = (CaseTree) cp.getLeaf();
        if (c.getCaseKind() != CaseTree.CaseKind.RULE) {
            statements.stmts(cp, c.getStatements());
            return;
        }
        Tree body = c.getBody();
        if (body instanceof ExpressionTree && isExpression) {
            TreePath value = new TreePath(cp, body);
            Expr e = expr.lower(value);
            statements.emitStatement(e, states.yields.peek().store(value, e.code));
        } else if (body instanceof ExpressionTree) {
            statements.expressionStatement(new TreePath(cp, body));
        } else {
            statements.stmt(new TreePath(cp, body));
        }
    }

    /**
     * Whether case {@code c} of a pattern switch runs its code in the dispatch: it declares
     * pattern variables and has no await, so none of them lives across one.
     */
    private boolean runsInDispatch(CaseTree c) {
        Tree code = c.getCaseKind() == CaseTree.CaseKind.RULE ? c.getBody() : null;
        boolean awaits = code != null ? cx.m.hasAwait(code) : c.getStatements().stream().anyMatch(cx.m::hasAwait);
        return !awaits && !CaseLabels.bindings(c).isEmpty();
    }

    /**
     * The dispatch of a switch on constants: {@code case K: state = entry; break;} for a
     * statement, which goes on at {@code exit} when no case matches; {@code this.state = switch (sel)
     * { case K -> entry; ... }} for an expression. Neither adds a {@code default}: for a value
     * that no case expects (a constant or, JDK 21+, a subtype added after compilation) javac
     * gives the dispatch the same outcome as the source, an {@code IncompatibleClassChangeError}
     * or {@code MatchException} (JLS 15.28.2, 14.11.3), which depends on the selector's type.
     */
    @SuppressWarnings("deprecation") // CaseTree.getExpressions: the JDK 17 API (constants only)
    private void constantDispatch(TreePath p, Expr sel, List<? extends CaseTree> cases, List<State> entries,
            State exit, boolean isExpression) {
        CodeBlock.Builder dispatch = CodeBlock.builder();
        if (!isExpression && cases.stream().noneMatch(CaseLabels::isLoneDefault)) {
            dispatch.add("this.state = $L;\n", exit);
        }
        dispatch.add(isExpression ? "this.state = switch ($L) {\n$>" : "switch ($L) {\n$>", sel.code);
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            List<CodeBlock> labels = new ArrayList<>();
            for (ExpressionTree label : c.getExpressions()) {
                labels.add(caseLabel(new TreePath(new TreePath(p, c), label)));
            }
            String head = CaseLabels.isLoneDefault(c) ? "default" : "case " + CodeBlock.join(labels, ", ");
            if (isExpression) {
                dispatch.add("$L -> $L;\n", head, entries.get(i));
            } else {
                dispatch.add("$L:\n$>this.state = $L;\nbreak;\n$<", head, entries.get(i));
            }
        }
        dispatch.add(isExpression ? "$<};\n" : "$<}\n");
        dispatch.add("continue $L;\n", StateLowering.LOOP);
        statements.emitTerminal(sel, dispatch.build());
    }

    /**
     * The dispatch of a pattern switch: the source's labels and guards, each case copying its
     * pattern variables into their fields and naming its entry state, or, without an entry
     * ({@link #runsInDispatch}), running its code there. No {@code default} is added: javac's
     * own checks and remainder handling stay those of the source.
     */
    private void patternDispatch(TreePath p, Expr sel, List<? extends CaseTree> cases, List<State> entries,
            State exit, boolean isExpression) {
        CodeBlock.Builder dispatch = CodeBlock.builder();
        dispatch.add("switch ($L) {\n$>", sel.code);
        List<CodeBlock> prelude = new ArrayList<>();
        State host = states.cur;
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            Map<VariableTree, String> locals = new IdentityHashMap<>();
            Expr head = printer.printCaseHead(new TreePath(p, c), locals);
            prelude.addAll(head.prelude);
            dispatch.add("$L -> {\n$>", head.code);
            if (entries.get(i) == null) {
                dispatch.add(codeInDispatch(new TreePath(p, c), i + 1 < cases.size() ? entries.get(i + 1) : exit,
                        exit, isExpression));
                states.cur = host;
                dispatch.add("$<}\n");
                continue;
            }
            for (VariableTree v : CaseLabels.bindings(c)) {
                String local = locals.get(v);
                String field = cx.fieldOf.get(v);
                if (local != null && field != null) {
                    dispatch.add("this.$L = $L;\n", field, local);
                } else if (field == null && readsBindings(c)) {
                    throw cx.fail(v, "jawait: internal error: pattern variable '" + v.getName() + "' not hoisted");
                }
            }
            dispatch.add("this.state = $L;\n$<}\n", entries.get(i));
        }
        dispatch.add("$<}\ncontinue $L;\n", StateLowering.LOOP);
        statements.emitTerminal(sel.with(prelude), dispatch.build());
    }

    /**
     * The code of case {@code cp}, which has no await, written into its arm of the dispatch. A
     * jump out of it ends with {@code continue} of the machine's loop; if it completes normally,
     * it names the next state ({@code next}: the next case's for a statement group that falls
     * through, else {@code exit}) and leaves the dispatch, which continues the loop.
     */
    private CodeBlock codeInDispatch(TreePath cp, State next, State exit, boolean isExpression) {
        State arm = states.newState(); // never placed: its code is spliced into the dispatch
        states.cur = arm;
        CaseTree c = (CaseTree) cp.getLeaf();
        if (c.getBody() instanceof BlockTree) {
            // The arm's braces are the block's.
            statements.stmts(new TreePath(cp, c.getBody()), ((BlockTree) c.getBody()).getStatements());
        } else {
            caseCode(cp, isExpression);
        }
        if (states.cur != null) {
            if (c.getCaseKind() != CaseTree.CaseKind.RULE && next == null) {
                throw cx.fail(c, "jawait: internal error: a case with pattern variables falls into another");
            }
            states.emit("this.state = $L;\n", c.getCaseKind() == CaseTree.CaseKind.RULE ? exit : next);
        }
        return arm.code.build();
    }

    /** Whether case {@code c} has code after its labels (which may read their pattern variables). */
    private static boolean readsBindings(CaseTree c) {
        return c.getCaseKind() == CaseTree.CaseKind.RULE || !c.getStatements().isEmpty();
    }

    /** Constant case labels are printed as written: enum constants must stay unqualified. */
    private CodeBlock caseLabel(TreePath label) {
        if (label.getLeaf() instanceof IdentifierTree) {
            return CodeBlock.of("$L", ((IdentifierTree) label.getLeaf()).getName());
        }
        return printer.printExpression(label).code;
    }
}
