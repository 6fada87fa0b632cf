/** Flyway's Java migrations, for the changes SQL alone cannot make (reading certificates, for one). */
@NullMarked
package db.migration;

import org.jspecify.annotations.NullMarked;
