package demo;

import static dev.jawait.Await.await;

import com.google.auto.value.AutoValue;
import dev.jawait.Async;
import dev.jawait.Future;

@AutoValue
public abstract class Point {
    public abstract int x();

    public abstract int y();

    public static Point of(int x, int y) {
        return new AutoValue_Point(x, y);
    }

    /** An @Async method that uses the AutoValue-generated class. */
    @Async
    public static Future<Point> shifted(Future<Point> origin, int dx) {
        Point p = await(origin);
        return Future.ready(of(p.x() + dx, p.y()));
    }
}
