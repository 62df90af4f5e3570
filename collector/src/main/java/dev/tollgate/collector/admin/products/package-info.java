/** Products: the sources a subscriber may call and the markup on their cost. */
package dev.tollgate.collector.admin.products;
