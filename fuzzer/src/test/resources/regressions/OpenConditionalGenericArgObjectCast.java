package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// open processor bug: a conditional of two Object casts, one of an awaited value, as a generic method's argument: rejected with the "converts its branches one by one" error, though both branches are (Object)
public class OpenConditionalGenericArgObjectCast {
  static OpenConditionalGenericArgObjectCast it;

  public static Object entry() throws Exception {
    it = new OpenConditionalGenericArgObjectCast();
    return m(false, 3);
  }

  @Async
  static Future<Object> m(boolean c, int p) throws FxChecked {
    Object o = await(v("a", c ? (Object) (Integer) (p) : (Object) await(v("b", 5))));
    return Future.ready(o);
  }
}
