package dev.jawait.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.util.TreePath;
import dev.jawait.processor.MachineIr.Finally;
import dev.jawait.processor.MachineIr.Handler;
import dev.jawait.processor.MachineIr.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Name;

/**
 * Builds the machine's states and the jumps between them. It keeps the state that code is
 * written into now, the handler that new states get, the scopes a {@code break}, {@code continue}
 * or {@code yield} may leave to, and the finally blocks that a jump or {@code return} crosses
 * (each replays the jump toward its target when it ends).
 */
final class StateBuilder {
    private static final ClassName MACHINES = ClassName.get("dev.jawait.machine", "Machines");
    private static final ClassName POLL = ClassName.get("dev.jawait", "Poll");

    /** A loop, switch or labelled statement that exploded code can jump to. */
    static final class JumpScope {
        final Name label;
        final boolean loop;
        final boolean breakable;
        final State breakTo;
        final State continueTo;
        final int finallyDepth;

        JumpScope(Name label, boolean loop, boolean breakable, State breakTo, State continueTo, int depth) {
            this.label = label;
            this.loop = loop;
            this.breakable = breakable;
            this.breakTo = breakTo;
            this.continueTo = continueTo;
            this.finallyDepth = depth;
        }
    }

    /** The switch expression being exploded: where its value goes and where it ends. */
    static final class YieldScope {
        final CodeBlock target;
        final ExpressionLowering.Arms arms;
        final State exit;
        final int finallyDepth;

        YieldScope(CodeBlock target, ExpressionLowering.Arms arms, State exit, int finallyDepth) {
            this.target = target;
            this.arms = arms;
            this.exit = exit;
            this.finallyDepth = finallyDepth;
        }

        /** The statement that hands {@code value} (the lowered code of {@code valuePath}) to the switch's result. */
        CodeBlock store(TreePath valuePath, CodeBlock value) {
            return arms != null ? arms.store(valuePath, value) : CodeBlock.of("$L = $L;\n", target, value);
        }
    }

    /** An exploded try/finally whose try or catch part is being lowered. */
    static final class FinallyScope {
        final Finally fin;
        /** Final jump target → next hop, for every jump that crosses this finally. */
        final Map<State, State> hops = new LinkedHashMap<>();

        FinallyScope(Finally fin) {
            this.fin = fin;
        }
    }

    private final LoweringContext cx;
    private final AsyncMethod m;
    /** The state being written, or null after a statement that does not complete normally. */
    State cur;
    /** The handler of the states created now (the innermost exploded try around them). */
    Handler handler;
    final Deque<JumpScope> jumps = new ArrayDeque<>();
    final Deque<YieldScope> yields = new ArrayDeque<>();
    final List<FinallyScope> finallies = new ArrayList<>();
    private int placed;
    /** The state whose last jump, to {@link #jumpTo}, still lacks its {@code continue} ({@link #goTo}). */
    private State jumpFrom;
    private State jumpTo;
    /** The state a {@code return} of a future ends in: it awaits that future. */
    State returnAwait;
    /** The state a {@code return} inside a finally-guarded part ends in, after the finally blocks. */
    State returnViaFinally;
    /** The comment of the statement being lowered: new states are labelled with it. */
    String lastComment = "";

    StateBuilder(LoweringContext cx) {
        this.cx = cx;
        this.m = cx.m;
    }

    State newState(String comment) {
        return new State(comment, handler);
    }

    State newState() {
        return newState(lastComment);
    }

    /** Makes {@code s} the current state and gives it the next number. */
    void place(State s) {
        if (s.id >= 0) {
            throw new IllegalStateException("placed twice");
        }
        endJump(s);
        s.id = placed++;
        cx.ir.states.add(s);
        cur = s;
    }

    void emit(String format, Object... args) {
        if (cur != null) {
            cur.code.add(format, args);
        }
    }

    void emit(CodeBlock code) {
        if (cur != null) {
            cur.code.add(code);
        }
    }

    /** Jumps to {@code target} in the same finally depth (no finally crossed). */
    void goTo(State target) {
        if (cur == null) {
            return;
        }
        endJump(null);
        // The 'continue' waits for the next state placed: if it is the target, the case falls
        // through into it, which saves a dispatch of the switch per transition, and in the same
        // try region a store of 'state' too (see endJump).
        jumpFrom = cur;
        jumpTo = target;
        cur = null;
    }

    /** Ends the jump {@link #goTo} left open, now that {@code next} (null: none) is placed next. */
    void endJump(State next) {
        if (jumpFrom == null) {
            return;
        }
        if (jumpTo == next) {
            // 'state' says where a suspended machine resumes, and where a failure is routed: a
            // state that falls into another of the same try region need not change it, since
            // whatever suspends later sets it, and failures are routed alike.
            if (jumpFrom.handler != next.handler) {
                jumpFrom.code.add("this.state = $L;\n", next);
            }
            jumpFrom.code.add("// falls through\n");
            cx.ir.suppressWarnings.add("fallthrough");
        } else {
            jumpFrom.code.add("this.state = $L;\ncontinue $L;\n", jumpTo, StateLowering.LOOP);
        }
        jumpFrom = null;
        jumpTo = null;
    }

    /** The code for a jump to {@code target} at {@code depth}, crossing any finally in between. */
    CodeBlock jumpCode(State target, int targetDepth) {
        int depth = finallies.size();
        if (depth == targetDepth) {
            return CodeBlock.of("this.state = $L;\ncontinue $L;\n", target, StateLowering.LOOP);
        }
        FinallyScope inner = finallies.get(depth - 1);
        for (int i = depth - 1; i >= targetDepth; i--) {
            FinallyScope f = finallies.get(i);
            f.hops.put(target, i == targetDepth ? target : finallies.get(i - 1).fin.entry);
        }
        return CodeBlock.builder().add(inner.fin.enterFor(target)).add("continue $L;\n", StateLowering.LOOP).build();
    }

    State returnAwait() {
        if (returnAwait == null) {
            Handler saved = handler;
            handler = null;
            returnAwait = newState("await the returned future");
            handler = saved;
        }
        return returnAwait;
    }

    /** The code that completes the machine for {@code return <future expression>}. */
    CodeBlock returnCode(ReturnTree r, TreePath rp, CodeBlock valueOrFuture, boolean isValue) {
        if (finallies.isEmpty()) {
            if (isValue) {
                return CodeBlock.of("return complete($T.ready($L));\n", POLL, valueOrFuture);
            }
            return CodeBlock.of("awaitOn($T.awaitable($L));\nthis.state = $L;\ncontinue $L;\n",
                    MACHINES, valueOrFuture, returnAwait(), StateLowering.LOOP);
        }
        if (returnViaFinally == null) {
            Handler saved = handler;
            handler = null;
            returnViaFinally = newState("return after the finally blocks");
            handler = saved;
            returnAwait();
            TypeName rt = TypeName.get(m.resultType);
            cx.addField("result$", rt);
            cx.addField("resultFuture$", ParameterizedTypeName.get(ClassName.get("dev.jawait", "Future"), rt));
        }
        CodeBlock store = isValue
                ? CodeBlock.of("this.result$$ = $L;\n", valueOrFuture)
                : CodeBlock.of("this.resultFuture$$ = $T.awaitable($L);\n", MACHINES, valueOrFuture);
        return CodeBlock.builder().add(store).add(jumpCode(returnViaFinally, 0)).build();
    }

    /** For {@code return Future.ready(v)} / {@code return CompletableFuture.completedFuture(v)}: v. */
    ExpressionTree readyValue(ExpressionTree e) {
        e = JavaPrinter.unparen(e);
        if (e instanceof MethodInvocationTree) {
            MethodInvocationTree mi = (MethodInvocationTree) e;
            String sel = mi.getMethodSelect().toString();
            if (mi.getArguments().size() == 1 && mi.getTypeArguments().isEmpty()
                    && (sel.equals("Future.ready") || sel.equals("dev.jawait.Future.ready")
                            || sel.equals("CompletableFuture.completedFuture")
                            || sel.equals("java.util.concurrent.CompletableFuture.completedFuture"))) {
                return mi.getArguments().get(0);
            }
        }
        return null;
    }

    /** The end of a finally: continue the jump that entered it (the next hop toward its target). */
    void replayJump(FinallyScope fs) {
        emit("switch (this.$L) {\n$>", fs.fin.pendingJump);
        for (Map.Entry<State, State> hop : fs.hops.entrySet()) {
            if (hop.getKey() == hop.getValue()) {
                emit("case $L:\n$>this.state = $L;\ncontinue $L;\n$<", hop.getKey(), hop.getKey(), StateLowering.LOOP);
            } else {
                FinallyScope next = finallies.get(finallies.size() - 1);
                emit("case $L:\n$>$Lcontinue $L;\n$<", hop.getKey(), next.fin.enterFor(hop.getKey()), StateLowering.LOOP);
            }
        }
        emit("default:\n$>throw badState();\n$<$<}\n");
        cur = null;
    }
}
