/** Text to sparse features: tokenizing, word n-grams, MurmurHash3 feature hashing, TF-IDF. */
package io.github.adagrad4j.data.text;
