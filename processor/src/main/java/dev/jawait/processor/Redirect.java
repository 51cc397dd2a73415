package dev.jawait.processor;

import com.sun.source.tree.MethodTree;
import com.sun.tools.javac.parser.JavacParser;
import com.sun.tools.javac.parser.ParserFactory;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.tree.TreeScanner;
import com.sun.tools.javac.util.Context;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * The redirect pass, and the only class that uses {@code com.sun.tools.javac} (DESIGN §3.3).
 *
 * <p>It prepends one statement to the {@code @Async} method's body, e.g.
 * {@code if (true) return new Foo_bar_Async<>(this, a, b);}. The original statements stay in
 * place: javac's reachability rules (JLS 14.22) treat what follows {@code if (true) return} as
 * reachable, so the user's code is still attributed and flow-checked (definite assignment
 * included) and reported on at its true positions, while {@code Gen} emits no bytecode for it.
 * Verified on JDK 17 and 25: the method compiles to the return alone; lambdas and anonymous
 * classes in the dead code are still generated (harmless, never used). Processors run after
 * parsing and entering and before attribution, so changing the tree now is seen by everything
 * that follows; the machine class is written through the Filer in the same round and resolves
 * when the method is attributed.
 */
final class Redirect {
    private final ParserFactory parsers;

    /** @param javacEnv javac's own environment (already unwrapped) */
    Redirect(ProcessingEnvironment javacEnv) {
        Context context = ((JavacProcessingEnvironment) javacEnv).getContext();
        this.parsers = ParserFactory.instance(context);
    }

    /**
     * Prepends {@code statement} (Java source for one statement) to {@code method}'s body. Every
     * node of the parsed statement gets the body's start position, so a problem in it would be
     * reported at the method's opening brace rather than at offset 0 of the file.
     */
    void prepend(MethodTree method, String statement) {
        JCTree.JCMethodDecl decl = (JCTree.JCMethodDecl) method;
        JavacParser parser = parsers.newParser(statement, false, false, false);
        JCTree.JCStatement parsed = parser.parseStatement();
        int pos = decl.body.pos;
        new TreeScanner() {
            @Override
            public void scan(JCTree tree) {
                if (tree != null) {
                    tree.pos = pos;
                    super.scan(tree);
                }
            }
        }.scan(parsed);
        decl.body.stats = decl.body.stats.prepend(parsed);
    }
}
