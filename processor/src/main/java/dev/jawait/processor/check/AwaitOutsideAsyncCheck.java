package dev.jawait.processor.check;

import com.sun.source.tree.MethodTree;

/**
 * {@code await} in code that is not part of any {@code @Async} method: a plain method, a
 * constructor, a lambda, or a field initialiser / initialiser block. Un-rewritten, such an await
 * would only throw at run time.
 */
final class AwaitOutsideAsyncCheck implements UnitCheck {
    @Override
    public void check(UnitFacts unit, Reporter reporter) {
        for (AwaitSite site : unit.awaits) {
            if (site.asyncMethod != null) {
                continue;
            }
            switch (site.owner) {
                case PLAIN_METHOD:
                    MethodTree m = (MethodTree) site.ownerPath.getLeaf();
                    if (m.getName().contentEquals("<init>")) {
                        reporter.error(site.path, "await cannot be used in a constructor (a constructor cannot"
                                + " suspend); move this work to a static @Async factory method that returns"
                                + " dev.jawait.Future<T>");
                    } else {
                        reporter.error(site.path, "await can only be used in an @Async method, and '" + m.getName()
                                + "' is not one: annotate '" + m.getName() + "' with @Async and make it return "
                                + SupportedTypes.LIST + ", or wait synchronously with Await.blockOn(...)");
                    }
                    break;
                case LAMBDA:
                    reporter.error(site.path, "await can only be used in an @Async method, not in a lambda:"
                            + " move the await into an @Async method and call that method from the lambda");
                    break;
                default:
                    reporter.error(site.path, "await cannot be used in a field initializer or an initializer"
                            + " block: only @Async methods can await; compute the value in an @Async method");
                    break;
            }
        }
    }
}
