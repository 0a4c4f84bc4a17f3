/* The parse-bound limit of a stream learner on a Vowpal Wabbit text file (bench/compare_online.sh):
 * reads the file in 4 MiB chunks, splits lines, splits each line at spaces, tabs and '|', and
 * (mode "hash") hashes every token with MurmurHash3 x86_32 seeded by its namespace's hash, folding
 * the hashes into a checksum so nothing is optimised away. Mode "tokenize" only splits. Prints
 * "lines tokens seconds lines_per_s MB_per_s checksum".
 *   cc -O3 -march=native -o parse_vw parse_vw.c && ./parse_vw FILE hash */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static uint32_t murmur3(const unsigned char *d, size_t n, uint32_t seed) {
  uint32_t h = seed, k;
  const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    memcpy(&k, d + i, 4);
    k *= c1; k = rotl(k, 15); k *= c2;
    h ^= k; h = rotl(h, 13); h = h * 5 + 0xe6546b64;
  }
  k = 0;
  switch (n & 3) {
    case 3: k ^= (uint32_t)d[i + 2] << 16; /* fall through */
    case 2: k ^= (uint32_t)d[i + 1] << 8;  /* fall through */
    case 1: k ^= d[i]; k *= c1; k = rotl(k, 15); k *= c2; h ^= k;
  }
  h ^= (uint32_t)n;
  h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
  return h;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: parse_vw FILE hash|tokenize\n"); return 2; }
  int hash = strcmp(argv[2], "hash") == 0;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  size_t cap = 4 << 20, len = 0;
  unsigned char *buf = malloc(cap);
  long lines = 0, tokens = 0;
  uint32_t sum = 0;
  double bytes = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    bytes += got;
    size_t start = 0;
    for (;;) {
      unsigned char *nl = memchr(buf + start, '\n', len - start);
      if (!nl) break;
      size_t end = nl - buf;
      uint32_t ns = 0;
      size_t i = start;
      int afterBar = 0;
      while (i < end) {
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) i++;
        if (i < end && buf[i] == '|') { i++; afterBar = 1; }
        size_t s = i;
        while (i < end && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '|') i++;
        if (i > s) {
          tokens++;
          if (hash) {
            if (afterBar) { ns = murmur3(buf + s, i - s, 0); afterBar = 0; }
            else sum += murmur3(buf + s, i - s, ns);
          }
        } else {
          afterBar = 0;
        }
      }
      lines++;
      start = end + 1;
    }
    memmove(buf, buf + start, len - start);
    len -= start;
    if (got == 0) break;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%ld %ld %.3f %.0f %.1f %u\n", lines, tokens, s, lines / s, bytes / 1e6 / s, sum);
  return 0;
}
