package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// open processor bug: a conditional reading a pattern binding, with an await in a branch, as a generic method's argument (Future.ready): rejected with the "converts its branches one by one" error, though the binding's type is explicit
public class OpenConditionalGenericArgBinding {
  static OpenConditionalGenericArgBinding it;

  public static Object entry() throws Exception {
    it = new OpenConditionalGenericArgBinding();
    return m(7);
  }

  @Async
  static Future<Integer> m(Object o) throws FxChecked {
    return Future.ready(o instanceof Integer b ? b + await(v("a", 1)) : 0);
  }
}
