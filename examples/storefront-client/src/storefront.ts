// The storefront flow a shopper's app runs: search, page through the results, open a product,
// then buy it with cash on delivery. Every call is typed by the generated documents.
import type { StorefrontClient } from "./client.ts";
import {
  CheckoutCompleteDocument,
  type CheckoutCompleteMutation,
  CheckoutCreateDocument,
  CheckoutDeliveryMethodUpdateDocument,
  CheckoutShippingAddressUpdateDocument,
  type CheckoutSummaryFragment,
  CommunesDocument,
  ProductBySlugDocument,
  type ProductBySlugQuery,
  type ProductCardFragment,
  type ProblemFragment,
  SearchProductsDocument,
  type SearchProductsQuery,
} from "./generated/graphql.ts";

export class PayloadError extends Error {
  constructor(
    readonly mutation: string,
    readonly errors: ProblemFragment[],
  ) {
    super(`${mutation}: ${errors.map((e) => `${e.code} ${e.field ?? ""} ${e.message}`).join("; ")}`);
  }
}

function ok<T>(mutation: string, payload: { errors: ProblemFragment[] } & T): T {
  if (payload.errors.length) throw new PayloadError(mutation, payload.errors);
  return payload;
}

export interface Page {
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  products: ProductCardFragment[];
}

/** Up to `pages` pages of `pageSize` products matching `search`, each after the last's cursor. */
export async function searchPages(
  client: StorefrontClient,
  { search, pageSize, pages }: { search: string; pageSize: number; pages: number },
): Promise<Page[]> {
  const result: Page[] = [];
  let after: string | null = null;
  for (let i = 0; i < pages; i++) {
    const data: SearchProductsQuery = await client.request(SearchProductsDocument, {
      search,
      first: pageSize,
      after,
    });
    if (!data.products) throw new Error("products is null");
    const { totalCount, pageInfo, edges } = data.products;
    result.push({
      totalCount,
      hasNextPage: pageInfo.hasNextPage,
      endCursor: pageInfo.endCursor,
      products: edges.flatMap((edge) => (edge?.node ? [edge.node] : [])),
    });
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  return result;
}

export type ProductDetail = NonNullable<ProductBySlugQuery["product"]>;

export async function productBySlug(
  client: StorefrontClient,
  slug: string,
): Promise<ProductDetail | null> {
  return (await client.request(ProductBySlugDocument, { slug })).product;
}

export interface Shopper {
  email: string;
  fullName: string;
  phone: string;
  streetAddress: string;
  province: string; // code or name; the first commune of it is the address
}

export type PlacedOrder = NonNullable<NonNullable<CheckoutCompleteMutation["checkoutComplete"]>["order"]>;

/** A checkout of `quantity` of `variantId`, an address, the cheapest delivery of each
 * producer, then the order, paid in cash on delivery. */
export async function buyWithCashOnDelivery(
  client: StorefrontClient,
  { variantId, quantity, shopper }: { variantId: string; quantity: number; shopper: Shopper },
): Promise<{ checkout: CheckoutSummaryFragment; order: PlacedOrder }> {
  const created = await client.request(CheckoutCreateDocument, {
    input: { email: shopper.email, lines: [{ variantId, quantity }] },
  });
  const token = checkoutOf("checkoutCreate", created.checkoutCreate).token;

  const communes = await client.request(CommunesDocument, { province: shopper.province, first: 1 });
  const commune = communes.communes?.edges[0]?.node;
  if (!commune) throw new Error(`no commune in ${shopper.province}`);
  const addressed = await client.request(CheckoutShippingAddressUpdateDocument, {
    token,
    address: {
      fullName: shopper.fullName,
      phone: shopper.phone,
      streetAddress: shopper.streetAddress,
      communeCode: commune.code,
    },
  });
  let checkout = checkoutOf("checkoutShippingAddressUpdate", addressed.checkoutShippingAddressUpdate);

  for (const group of checkout.deliveryGroups) {
    const cheapest = [...group.availableDeliveryMethods].sort(
      (a, b) => a.price.amount - b.price.amount,
    )[0];
    if (!cheapest) throw new Error(`${group.vendor.name} offers no delivery to this address`);
    const chosen = await client.request(CheckoutDeliveryMethodUpdateDocument, {
      token,
      vendorId: group.vendor.id,
      deliveryMethodId: cheapest.id,
    });
    checkout = checkoutOf("checkoutDeliveryMethodUpdate", chosen.checkoutDeliveryMethodUpdate);
  }

  const completed = await client.request(CheckoutCompleteDocument, {
    token,
    paymentMethod: "COD",
  });
  const payload = completed.checkoutComplete;
  if (!payload) throw new Error("checkoutComplete is null");
  const { order } = ok("checkoutComplete", payload);
  if (!order) throw new Error("checkoutComplete placed no order");
  return { checkout, order };
}

function checkoutOf(
  mutation: string,
  payload: { errors: ProblemFragment[]; checkout: CheckoutSummaryFragment | null } | null,
): CheckoutSummaryFragment {
  if (!payload) throw new Error(`${mutation} is null`);
  const { checkout } = ok(mutation, payload);
  if (!checkout) throw new Error(`${mutation} returned no checkout`);
  return checkout;
}
