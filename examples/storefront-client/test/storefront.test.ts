// The storefront flow against a running server (OCOP_API_URL, e.g. http://127.0.0.1:8000/graphql/).
// The server's test harness (tests/e2e/test_typescript_client.py) starts one with products
// matching OCOP_SEARCH and stock, and checks afterwards that the order exists.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { StorefrontClient } from "../src/client.ts";
import { buyWithCashOnDelivery, productBySlug, searchPages } from "../src/storefront.ts";

const url = process.env.OCOP_API_URL;
if (!url) {
  throw new Error("Set OCOP_API_URL to the server's /graphql/ address (a server must be running).");
}
/** The item at `index`, failing the test when there is none. */
function at<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  assert.ok(item !== undefined, `${what} #${index + 1}`);
  return item;
}

const search = process.env.OCOP_SEARCH ?? "che";
const email = process.env.OCOP_SHOPPER_EMAIL ?? "storefront-client@example.vn";

describe("the storefront flow", () => {
  const client = new StorefrontClient({ url, language: "en" });

  test("searches without diacritics and pages through three pages with cursors", async () => {
    const pages = await searchPages(client, { search, pageSize: 2, pages: 3 });
    assert.equal(pages.length, 3, "the harness lists enough products for three pages");
    const [first, second] = [at(pages, 0, "page"), at(pages, 1, "page")];
    assert.ok(first.totalCount >= 5);
    assert.deepEqual(
      pages.map((page) => page.products.length),
      [2, 2, Math.min(2, first.totalCount - 4)],
    );
    assert.ok(first.hasNextPage && second.hasNextPage);
    const ids = pages.flatMap((page) => page.products.map((product) => product.id));
    assert.equal(new Set(ids).size, ids.length, "no product twice across pages");
    assert.equal(new Set(pages.map((page) => page.endCursor)).size, 3);

    // The protocol: unknown hash over GET, registered over POST, then hash-only GETs that a
    // CDN may keep, as nobody is logged in.
    const searches = client.exchanges.filter((e) => e.operationName === "SearchProducts");
    assert.deepEqual(
      searches.slice(0, 2).map((e) => [e.method, e.sentQuery, e.persistedQueryNotFound]),
      [
        ["GET", false, true],
        ["POST", true, false],
      ],
    );
    assert.equal(at(searches, 0, "search").status, 200);
    assert.equal(at(searches, 1, "search").cacheControl, "private, no-store");
    for (const exchange of searches.slice(2)) {
      assert.deepEqual([exchange.method, exchange.sentQuery, exchange.status], ["GET", false, 200]);
      assert.equal(exchange.cacheControl, "public, max-age=60");
    }
  });

  test("reads a product by its slug", async () => {
    const [first] = await searchPages(client, { search, pageSize: 1, pages: 1 });
    const card = at(first?.products ?? [], 0, "product");
    const product = await productBySlug(client, card.slug);
    assert.ok(product, `product ${card.slug}`);
    assert.equal(product.id, card.id);
    assert.equal(product.name, card.name);
    assert.ok(product.isAvailable);
    assert.ok(product.variants.some((variant) => variant.quantityAvailable > 0));
    assert.equal(await productBySlug(client, "no-such-product"), null);
  });

  test("buys a product with cash on delivery", async () => {
    const [first] = await searchPages(client, { search, pageSize: 1, pages: 1 });
    const product = await productBySlug(client, at(first?.products ?? [], 0, "product").slug);
    const variant = product?.variants.find((v) => v.quantityAvailable >= 2);
    assert.ok(variant, "a variant with two in stock");

    const { checkout, order } = await buyWithCashOnDelivery(client, {
      variantId: variant.id,
      quantity: 2,
      shopper: {
        email,
        fullName: "Nguyễn Thị Lan",
        phone: "0912 345 678",
        streetAddress: "12 Phố Huế",
        province: "01",
      },
    });
    assert.equal(checkout.subtotal.amount, 2 * variant.price.amount);
    assert.ok(checkout.deliveryGroups.every((group) => group.deliveryMethod !== null));
    assert.equal(order.status, "PLACED");
    assert.equal(order.paymentStatus, "NOT_CHARGED");
    assert.deepEqual(order.total, checkout.total);
    assert.deepEqual(order.vendorOrders.flatMap((part) => part.lines).map((line) => [line.sku, line.quantity]), [
      [variant.sku, 2],
    ]);
    // Mutations go over POST: the first with its hash only, then registered.
    const completes = client.exchanges.filter((e) => e.operationName === "CheckoutComplete");
    assert.deepEqual(
      completes.map((e) => [e.method, e.sentQuery]),
      [
        ["POST", false],
        ["POST", true],
      ],
    );
    console.log(`order ${order.number} placed for ${email}`);
  });
});
