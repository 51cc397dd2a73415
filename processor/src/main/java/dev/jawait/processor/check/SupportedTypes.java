package dev.jawait.processor.check;

import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** The future types jawait knows: the return types an {@code @Async} method may declare. */
final class SupportedTypes {
    private SupportedTypes() {}

    static final String FUTURE = "dev.jawait.Future";
    static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
    static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";
    static final Set<String> ALL = Set.of(FUTURE, COMPLETABLE_FUTURE, COMPLETION_STAGE);

    /** The list as messages spell it. */
    static final String LIST = "dev.jawait.Future<T> (lazy), java.util.concurrent.CompletableFuture<T>"
            + " or java.util.concurrent.CompletionStage<T> (eager)";

    /** The qualified name of {@code t}'s class if it is one of the three, else null. */
    static String futureName(TypeMirror t) {
        if (t == null || t.getKind() != TypeKind.DECLARED) {
            return null;
        }
        String name = ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().toString();
        return ALL.contains(name) ? name : null;
    }
}
