/** CSV tables with mixed columns: type inference, categories, missing values, label classes. Uses data.csv only. */
package io.github.adagrad4j.data.table;
