/* The fused AdaGrad kernel a C programmer would write: one pass, read w, g, G; write w, G.
 * Same data and timing method as StepTimer and torch_step.py.
 * usage: adagrad_fused SIZE THREADS STEPS [OFFSET]  -> prints: c-fused SIZE THREADS median_ms ns_per_element
 * OFFSET (bytes, default 0) starts the three arrays that far past a 2 MiB boundary: 16 is where a JVM's
 * large float[] has its first element, so that a vector loop that does not align itself straddles two
 * cache lines on every 64-byte load. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void step(float *restrict w, const float *restrict g, float *restrict h, long n, float clr, float eps) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float hi = h[i] + gi * gi;
        h[i] = hi;
        w[i] -= clr * gi / (sqrtf(hi) + eps);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s SIZE THREADS STEPS [OFFSET]\n", argv[0]);
        return 2;
    }
    long n = atol(argv[1]);
    int threads = atoi(argv[2]), steps = atoi(argv[3]);
    long offset = argc > 4 ? atol(argv[4]) : 0;
    omp_set_num_threads(threads);
    /* 2 MiB-aligned and advised for transparent huge pages, as the JVM side gets with
     * -XX:+UseTransparentHugePages: both sides then pay the same TLB costs. */
    size_t bytes = ((n * sizeof(float) + offset) + (2u << 20) - 1) / (2u << 20) * (2u << 20);
    char *wb = aligned_alloc(2u << 20, bytes);
    char *gb = aligned_alloc(2u << 20, bytes);
    char *hb = aligned_alloc(2u << 20, bytes);
    madvise(wb, bytes, MADV_HUGEPAGE);
    madvise(gb, bytes, MADV_HUGEPAGE);
    madvise(hb, bytes, MADV_HUGEPAGE);
    float *w = (float *)(wb + offset), *g = (float *)(gb + offset), *h = (float *)(hb + offset);
    srand(1);
    for (long i = 0; i < n; i++) {
        w[i] = 2.0f * rand() / RAND_MAX - 1.0f;
        g[i] = (2.0f * rand() / RAND_MAX - 1.0f) * 1e-3f;
        h[i] = 0.0f;
    }
    double end = now() + 2.0;
    while (now() < end) step(w, g, h, n, 0.01f, 1e-10f);
    double *t = malloc(steps * sizeof(double));
    for (int s = 0; s < steps; s++) {
        double t0 = now();
        step(w, g, h, n, 0.01f, 1e-10f);
        t[s] = now() - t0;
    }
    qsort(t, steps, sizeof(double), cmp);
    double median = steps % 2 ? t[steps / 2] : (t[steps / 2 - 1] + t[steps / 2]) / 2;
    printf("c-fused %ld %d %.4f %.4f\n", n, threads, median * 1e3, median * 1e9 / n);
    return 0;
}
