package dev.herald.loadtest.measure;

import java.util.List;

/**
 * The least-squares line through points (x, y): y = intercept + slope × x. Memory per connection
 * is the slope of the server's memory over its connection count, so what every connection costs
 * is told apart from what the first one brought in (classes, pools, buffers sized once).
 */
public record LinearFit(double slope, double intercept) {

    /** Fits at least two points with at least two distinct x; throws otherwise. */
    public static LinearFit of(List<double[]> points) {
        int n = points.size();
        double meanX = points.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN);
        double meanY = points.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sxx += (p[0] - meanX) * (p[0] - meanX);
            sxy += (p[0] - meanX) * (p[1] - meanY);
        }
        if (n < 2 || sxx == 0) {
            throw new IllegalArgumentException("a line needs two points with different x, got " + n);
        }
        double slope = sxy / sxx;
        return new LinearFit(slope, meanY - slope * meanX);
    }
}
