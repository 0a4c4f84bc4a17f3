/* A plain C loop over the touched rows of a coalesced sparse gradient (sorted unique rows, summed
 * values), as StepTimer's and torch's sparse AdaGrad steps do; coalescing is not timed here, so this
 * is the floor for the update itself.  usage: adagrad_sparse ROWS STEPS [fresh|cold]
 * fresh (default): each step's values are copied into a work buffer first, untimed, as a backward
 * pass leaves them in cache; cold: the 16 pre-built batches are read in turn.
 * prints: c-sparse ROWS 1 median_ms ns_per_touched_element */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 64
#define B 4096

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int cmpd(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmpi(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv) {
    long rows = atol(argv[1]);
    int steps = atoi(argv[2]);
    float *w = malloc(rows * W * sizeof(float)), *h = calloc(rows * W, sizeof(float));
    srand(1);
    for (long i = 0; i < rows * W; i++) w[i] = 2.0f * rand() / RAND_MAX - 1.0f;
    int nb = 16, *urows[16], nu[16];
    float *uvals[16];
    for (int b = 0; b < nb; b++) {
        int idx[B];
        for (int i = 0; i < B; i++) { double u = (double)rand() / RAND_MAX; long r = (long)(rows * u * u * u); idx[i] = r >= rows ? rows - 1 : r; }
        qsort(idx, B, sizeof(int), cmpi);
        urows[b] = malloc(B * sizeof(int));
        uvals[b] = calloc(B * W, sizeof(float));
        int n = 0;
        for (int i = 0; i < B; i++) {
            if (n == 0 || urows[b][n - 1] != idx[i]) urows[b][n++] = idx[i];
            for (int j = 0; j < W; j++) uvals[b][(n - 1) * W + j] += ((2.0f * rand() / RAND_MAX) - 1.0f) * 1e-3f;
        }
        nu[b] = n;
    }
    int fresh = argc < 4 || strcmp(argv[3], "fresh") == 0;
    float *work = malloc(B * W * sizeof(float));
    double *t = malloc(steps * sizeof(double)), touched = 0;
    for (int s = -200; s < steps; s++) {
        int b = (s + 200) % nb;
        float *vals = uvals[b];
        if (fresh) { memcpy(work, uvals[b], (size_t)nu[b] * W * sizeof(float)); vals = work; }
        double t0 = now();
        for (int k = 0; k < nu[b]; k++) {
            float *wr = w + (long)urows[b][k] * W, *hr = h + (long)urows[b][k] * W, *g = vals + k * W;
            for (int j = 0; j < W; j++) { float hi = hr[j] + g[j] * g[j]; hr[j] = hi; wr[j] -= 0.01f * g[j] / (sqrtf(hi) + 1e-10f); }
        }
        if (s >= 0) { t[s] = now() - t0; touched += nu[b]; }
    }
    qsort(t, steps, sizeof(double), cmpd);
    printf("c-sparse %ld 1 %.4f %.3f\n", rows, t[steps / 2] * 1e3, t[steps / 2] * 1e9 / (touched / steps * W));
    return 0;
}
