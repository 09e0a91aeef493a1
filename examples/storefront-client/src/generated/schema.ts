export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * The `Date` scalar type represents a Date
   * value as specified by
   * [iso8601](https://en.wikipedia.org/wiki/ISO_8601).
   */
  Date: { input: string; output: string; }
  /**
   * The `DateTime` scalar type represents a DateTime
   * value as specified by
   * [iso8601](https://en.wikipedia.org/wiki/ISO_8601).
   */
  DateTime: { input: string; output: string; }
  /** The `Decimal` scalar type represents a python Decimal. */
  Decimal: { input: string; output: string; }
  /**
   * Leverages the internal Python implementation of UUID (uuid.UUID) to provide native UUID objects
   * in fields, resolvers and input.
   */
  UUID: { input: string; output: string; }
  /**
   * A file sent with the GraphQL multipart request spec
   * (https://github.com/jaydenseric/graphql-multipart-request-spec).
   */
  Upload: { input: never; output: never; }
};

export type AccountRegisterInput = {
  email: Scalars['String']['input'];
  fullName?: InputMaybe<Scalars['String']['input']>;
  password: Scalars['String']['input'];
};

/** An enumeration. */
export type ApplicationDocumentKind =
  | 'BUSINESS_REGISTRATION'
  | 'FOOD_SAFETY'
  | 'OTHER';

export type CheckoutCreateInput = {
  /** Needed before completing; a logged-in shopper's own. */
  email?: InputMaybe<Scalars['String']['input']>;
  lines: Array<CheckoutLineInput>;
};

export type CheckoutLineInput = {
  /** 1–999; 0 removes (in update). */
  quantity: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
};

export type ConsignmentAgreementCreateInput = {
  /** The showroom's, 0 to 100 %. */
  commissionRate: Scalars['Decimal']['input'];
  /** Open-ended when left out. */
  endsOn?: InputMaybe<Scalars['Date']['input']>;
  showroomId: Scalars['ID']['input'];
  startsOn: Scalars['Date']['input'];
  vendorId: Scalars['ID']['input'];
};

/** An enumeration. */
export type DeliveryKind =
  | 'PICKUP'
  | 'SHIPPING';

/** An enumeration. */
export type EarningsComponent =
  | 'COMMISSION'
  | 'GOODS'
  | 'PAYOUT'
  | 'PIT'
  | 'SHIPPING'
  | 'VAT';

/** An enumeration. */
export type EarningsEntryKind =
  | 'COMMISSION'
  | 'PAYOUT'
  | 'REFUND'
  | 'SALE'
  | 'SHOWROOM_COLLECTED'
  | 'SHOWROOM_COMMISSION'
  | 'SHOWROOM_SALE'
  | 'WITHHOLDING';

/** Why an operation was refused; stable for clients to branch on. */
export type ErrorCode =
  | 'ALREADY_REVIEWED'
  | 'FILE_TOO_LARGE'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TOKEN'
  | 'INVALID_TRANSITION'
  | 'NOT_DELIVERED'
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'PRICE_CHANGED'
  | 'REQUIRED'
  | 'THROTTLED'
  | 'UNIQUE'
  | 'UNSUPPORTED_FILE_TYPE'
  | 'WINDOW_CLOSED';

/** An enumeration. */
export type LocationKind =
  | 'SHOWROOM'
  | 'WAREHOUSE';

export type OcopCertificateCreateInput = {
  decisionDate: Scalars['Date']['input'];
  /** e.g. "1234/QĐ-UBND". */
  decisionNumber: Scalars['String']['input'];
  /** The scanned decision: PDF, JPEG or PNG. */
  document: Scalars['Upload']['input'];
  /** e.g. "UBND tỉnh Sơn La". */
  issuingBody: Scalars['String']['input'];
  level: OcopCertificateLevel;
  /** The product it recognises. */
  productName: Scalars['String']['input'];
  /** A product set (the most detailed level of the taxonomy). */
  productSetId: Scalars['ID']['input'];
  /** Out of 100, inside the stars' band. */
  score: Scalars['Int']['input'];
  /** 3 or 4 (province), 5 (central). */
  stars: Scalars['Int']['input'];
  /** The producer it was issued to. */
  vendorId: Scalars['ID']['input'];
};

export type OcopCertificateFilterInput = {
  /** true: verified, unrevoked and unexpired only; false: the others. */
  current?: InputMaybe<Scalars['Boolean']['input']>;
  /** A producer's ID. */
  vendor?: InputMaybe<Scalars['ID']['input']>;
  verificationStatus?: InputMaybe<OcopCertificateVerification>;
};

/** Provinces recognise 3 and 4 stars, the central council 5 stars. */
export type OcopCertificateLevel =
  | 'CENTRAL'
  | 'PROVINCE';

/** Where a verified certificate stands today: IN_FORCE, EXPIRED (hết hiệu lực) or REVOKED. */
export type OcopCertificateStatus =
  | 'EXPIRED'
  | 'IN_FORCE'
  | 'REVOKED'
  | 'UNVERIFIED';

/** Where staff's check of a recorded certificate stands. */
export type OcopCertificateVerification =
  | 'PENDING'
  | 'REJECTED'
  | 'VERIFIED';

/** What to group by: today's PROVINCE or the pre-2025 LEGACY_PROVINCE of the product's origin commune, STARS, SECTOR, PRODUCT_SET, PRODUCER_KIND, or YEAR of the recognition decision. */
export type OcopStatisticsDimension =
  | 'LEGACY_PROVINCE'
  | 'PRODUCER_KIND'
  | 'PRODUCT_SET'
  | 'PROVINCE'
  | 'SECTOR'
  | 'STARS'
  | 'YEAR';

export type OcopStatisticsFilterInput = {
  /** Certificates in force on this day; today if left out. */
  inForceOn?: InputMaybe<Scalars['Date']['input']>;
  /** Codes or names, today's or pre-2025 ("14", "Sơn La", "Bắc Kạn": the communes that came from Bắc Kạn). Unknown ones are dropped; only unknown ones match nothing. */
  provinces?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Sector codes ("I" to "VI") or names. */
  sectors?: InputMaybe<Array<Scalars['String']['input']>>;
  /** 3, 4 or 5. */
  stars?: InputMaybe<Array<Scalars['Int']['input']>>;
};

/** Draft -> submitted -> approved, rejected or changes requested (then submitted again). */
export type OnboardingApplicationStatus =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'DRAFT'
  | 'REJECTED'
  | 'SUBMITTED';

/** An enumeration. */
export type OrderPaymentStatus =
  | 'FAILED'
  | 'NOT_CHARGED'
  | 'PAID'
  | 'PARTIALLY_REFUNDED'
  | 'PENDING'
  | 'REFUNDED';

/** An enumeration. */
export type OrderStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'EXPIRED'
  | 'IN_PROGRESS'
  | 'PLACED'
  | 'UNPAID';

/** Cash on delivery, VNPay, or a card through Stripe. */
export type PaymentMethod =
  | 'COD'
  | 'STRIPE'
  | 'VNPAY';

/** An enumeration. */
export type PaymentStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'PAID'
  | 'PENDING'
  | 'REFUNDED';

export type PosConnectionCreateInput = {
  /** KiotViet retailer, Sapo store, Haravan shop. */
  account: Scalars['String']['input'];
  /** The POS's id of this showroom's branch. */
  branchId: Scalars['String']['input'];
  credentials: PosCredentialsInput;
  /** The showroom. */
  locationId: Scalars['ID']['input'];
  /** SKU unless said otherwise. */
  mapping?: InputMaybe<PosSkuMappingMode>;
  provider: PosProvider;
  /** Take counter sales off the POS's stock too. */
  pushSales?: InputMaybe<Scalars['Boolean']['input']>;
};

/** An enumeration. */
export type PosConnectionStatus =
  | 'ACTIVE'
  | 'FAILING'
  | 'PAUSED';

export type PosConnectionUpdateInput = {
  account?: InputMaybe<Scalars['String']['input']>;
  branchId?: InputMaybe<Scalars['String']['input']>;
  credentials?: InputMaybe<PosCredentialsInput>;
  mapping?: InputMaybe<PosSkuMappingMode>;
  /** A paused connection neither pulls nor applies webhooks. */
  paused?: InputMaybe<Scalars['Boolean']['input']>;
  pushSales?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Write-only: stored encrypted, never returned. An empty value keeps the one stored. */
export type PosCredentialsInput = {
  /** Sapo, Haravan. */
  accessToken?: InputMaybe<Scalars['String']['input']>;
  /** Sapo private apps, with apiSecret. */
  apiKey?: InputMaybe<Scalars['String']['input']>;
  apiSecret?: InputMaybe<Scalars['String']['input']>;
  /** KiotViet. */
  clientId?: InputMaybe<Scalars['String']['input']>;
  /** KiotViet. */
  clientSecret?: InputMaybe<Scalars['String']['input']>;
  /** Haravan's webhook verify token. */
  verifyToken?: InputMaybe<Scalars['String']['input']>;
  /** The secret webhooks are signed with. */
  webhookSecret?: InputMaybe<Scalars['String']['input']>;
};

/** An enumeration. */
export type PosPaymentMethod =
  | 'CARD'
  | 'CASH'
  | 'QR'
  | 'TRANSFER'
  | 'VIETQR';

/** An enumeration. */
export type PosProvider =
  | 'HARAVAN'
  | 'KIOTVIET'
  | 'SAPO';

export type PosSaleInput = {
  /** The device's own id for the sale (1 to 128 characters): sending it again returns the sale already recorded. */
  clientSaleId: Scalars['String']['input'];
  lines: Array<PosSaleLineInput>;
  /** The showroom. */
  locationId: Scalars['ID']['input'];
  paidWith: PosPaymentMethod;
};

export type PosSaleLineInput = {
  /** Above 0. */
  quantity: Scalars['Int']['input'];
  sku: Scalars['String']['input'];
  /** Whole đồng, as charged. */
  unitPrice: Scalars['Int']['input'];
};

/** How a POS item finds our SKU: its SKU code, its barcode (our GTIN), or the connection's mapping table. */
export type PosSkuMappingMode =
  | 'BARCODE'
  | 'SKU'
  | 'TABLE';

export type PriceRangeInput = {
  /** At least this many đồng. */
  gte?: InputMaybe<Scalars['Int']['input']>;
  /** At most this many đồng. */
  lte?: InputMaybe<Scalars['Int']['input']>;
};

export type ProductCreateInput = {
  /** The batch or season its traceability card shows ("Vụ xuân 2025, lô 03"). */
  batch?: InputMaybe<Scalars['String']['input']>;
  /** A product set (level 3). */
  categoryId: Scalars['ID']['input'];
  /** One of the producer's OCOP certificates for this product set; null detaches it. */
  certificateId?: InputMaybe<Scalars['ID']['input']>;
  /** HTML; scripts and unknown tags are removed. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Barcode number (GTIN-8/12/13/14). */
  gtin?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** Five-digit commune code where it is made; the producer's commune when left out on create. */
  originCommuneCode?: InputMaybe<Scalars['String']['input']>;
  /** Months 1-12 in season; empty for all year. */
  seasonMonths?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** The producer listing it. */
  vendorId: Scalars['ID']['input'];
};

export type ProductFilterInput = {
  /** Categories of any level (IDs; slugs and codes work too), each with everything below it. */
  categories?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Some variant has stock available to sell. */
  inStock?: InputMaybe<Scalars['Boolean']['input']>;
  /** Price of the cheapest variant. */
  price?: InputMaybe<PriceRangeInput>;
  /** Provinces where products are made: codes or names, current or pre-2025 ("Bắc Kạn" finds Thái Nguyên's). */
  provinces?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Current OCOP stars. */
  stars?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** PUBLISHED by default. Others show only to staff and, for their own products, to the producer's members. */
  statuses?: InputMaybe<Array<ProductStatus>>;
  /** Producers (IDs; slugs work too). */
  vendors?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type ProductSortField =
  /** By when the producer listed it (newest first by default). */
  | 'CREATED_AT'
  /** Alphabetically, ignoring diacritics. */
  | 'NAME'
  /** By the cheapest variant. */
  | 'PRICE'
  /** Best match first: with a search, names that start with it, then by stars and name; without one, by stars and name. Ignores direction. */
  | 'RANK'
  /** By current OCOP stars (most first by default); products without stars come last either way. */
  | 'STARS';

export type ProductSortingInput = {
  /** Each field's natural direction when left out. */
  direction?: InputMaybe<SortDirection>;
  field: ProductSortField;
};

/** An enumeration. */
export type ProductStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PENDING_REVIEW'
  | 'PUBLISHED'
  | 'REJECTED';

export type ProductUpdateInput = {
  /** The batch or season its traceability card shows ("Vụ xuân 2025, lô 03"). */
  batch?: InputMaybe<Scalars['String']['input']>;
  /** A product set (level 3). */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** One of the producer's OCOP certificates for this product set; null detaches it. */
  certificateId?: InputMaybe<Scalars['ID']['input']>;
  /** HTML; scripts and unknown tags are removed. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Barcode number (GTIN-8/12/13/14). */
  gtin?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Five-digit commune code where it is made; the producer's commune when left out on create. */
  originCommuneCode?: InputMaybe<Scalars['String']['input']>;
  /** Months 1-12 in season; empty for all year. */
  seasonMonths?: InputMaybe<Array<Scalars['Int']['input']>>;
};

export type ProductVariantCreateInput = {
  /** The former price in đồng, above the price (shown struck out); null for none. */
  compareAtPrice?: InputMaybe<Scalars['Int']['input']>;
  /** Barcode number (GTIN-8/12/13/14). */
  gtin?: InputMaybe<Scalars['String']['input']>;
  /** The packaging, e.g. "Hộp 500g". */
  name: Scalars['String']['input'];
  /** Whole đồng, above 0. */
  price: Scalars['Int']['input'];
  /** Unique among the producer's variants. */
  sku: Scalars['String']['input'];
  /** Packed weight, for shipping. */
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};

export type ProductVariantUpdateInput = {
  /** The former price in đồng, above the price (shown struck out); null for none. */
  compareAtPrice?: InputMaybe<Scalars['Int']['input']>;
  /** Barcode number (GTIN-8/12/13/14). */
  gtin?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Whole đồng, above 0. */
  price?: InputMaybe<Scalars['Int']['input']>;
  sku?: InputMaybe<Scalars['String']['input']>;
  /** Packed weight, for shipping. */
  weightGrams?: InputMaybe<Scalars['Int']['input']>;
};

export type RefundLineInput = {
  /** Units to refund. */
  quantity: Scalars['Int']['input'];
  /** The line's SKU. */
  sku: Scalars['String']['input'];
};

export type SearchSuggestionKind =
  | 'CATEGORY'
  | 'PRODUCT'
  | 'PROVINCE'
  | 'VENDOR';

export type ShippingAddressInput = {
  /** 5-digit 2025 commune code. */
  communeCode: Scalars['String']['input'];
  fullName: Scalars['String']['input'];
  /** A Vietnamese number, "0912 345 678". */
  phone: Scalars['String']['input'];
  /** House number, street, hamlet. */
  streetAddress: Scalars['String']['input'];
};

export type SortDirection =
  | 'ASC'
  | 'DESC';

export type StockAdjustInput = {
  /** Units to add (negative to remove). */
  delta: Scalars['Int']['input'];
  locationId: Scalars['ID']['input'];
  /** e.g. "Vỡ khi vận chuyển". */
  reason: Scalars['String']['input'];
  variantId: Scalars['ID']['input'];
};

export type StockFilterInput = {
  /** Only rows available at or below their threshold. */
  lowStock?: InputMaybe<Scalars['Boolean']['input']>;
  /** Part of the SKU, the variant's or the product's name. */
  search?: InputMaybe<Scalars['String']['input']>;
};

export type StockSyncInput = {
  /** Chosen by the client, one per sync (1 to 128 characters): sending the same sync again returns the first call's results and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** At most 20,000 lines, each SKU once. */
  items: Array<StockSyncItemInput>;
  locationId: Scalars['ID']['input'];
  mode: StockSyncMode;
  /** Recorded with the movements. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type StockSyncItemInput = {
  /** SET only: apply only if the stored quantity is still this (compare-and-set); otherwise the line is STALE. */
  expectedQuantity?: InputMaybe<Scalars['Int']['input']>;
  /** SET: the units counted (0 to 1,000,000). ADJUST: units to add (negative to remove). */
  quantity?: InputMaybe<Scalars['Int']['input']>;
  sku: Scalars['String']['input'];
};

/** SET: the counted quantity replaces the stored one. ADJUST: add the quantity (negative to remove). */
export type StockSyncMode =
  | 'ADJUST'
  | 'SET';

/** What happened to one line of a stock sync. */
export type StockSyncStatus =
  | 'APPLIED'
  | 'INVALID'
  | 'NOT_CONSIGNED'
  | 'STALE'
  | 'UNKNOWN_SKU'
  | 'WOULD_GO_NEGATIVE';

export type TransferCreateInput = {
  /** A showroom with a consignment agreement in force, or another warehouse of the producer. */
  destinationId: Scalars['ID']['input'];
  lines: Array<TransferLineInput>;
  note?: InputMaybe<Scalars['String']['input']>;
  /** The producer's warehouse. */
  sourceId: Scalars['ID']['input'];
};

export type TransferLineInput = {
  /** Units sent, above 0. */
  quantity: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
};

export type TransferReceiveLineInput = {
  /** 0 to the units sent. */
  quantityReceived: Scalars['Int']['input'];
  variantId: Scalars['ID']['input'];
};

/** An enumeration. */
export type TransferStatus =
  | 'CANCELLED'
  | 'IN_TRANSIT'
  | 'RECEIVED';

export type VendorApplicationFilterInput = {
  status?: InputMaybe<OnboardingApplicationStatus>;
};

/** Producer details. A draft may be incomplete; submitting needs the legal name, display name, kind, tax code, commune and phone. On update, fields left out stay as they are and null clears one. */
export type VendorApplicationInput = {
  /** Five-digit commune code. */
  communeCode?: InputMaybe<Scalars['String']['input']>;
  /** The name shoppers see. */
  displayName?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  kind?: InputMaybe<VendorKind>;
  /** As on the business registration. */
  legalName?: InputMaybe<Scalars['String']['input']>;
  /** A Vietnamese phone number. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** HTML; scripts and unknown tags are removed. */
  story?: InputMaybe<Scalars['String']['input']>;
  streetAddress?: InputMaybe<Scalars['String']['input']>;
  /** 10 digits, or 10-3 for a branch (0100233488-001). */
  taxCode?: InputMaybe<Scalars['String']['input']>;
};

export type VendorFilterInput = {
  kinds?: InputMaybe<Array<VendorKind>>;
  /** Province codes or names, current or pre-2025 ("06", "Bắc Kạn"). */
  provinces?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Part of the display or legal name, with or without diacritics. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Staff only; active producers unless given. Others always get active ones. */
  statuses?: InputMaybe<Array<VendorStatus>>;
};

/** The legal form of a producer. */
export type VendorKind =
  | 'COOPERATIVE'
  | 'COOPERATIVE_GROUP'
  | 'ENTERPRISE'
  | 'HOUSEHOLD';

/** Owners manage members; owners and managers listings and certificates; every member stock and orders. */
export type VendorMemberRole =
  | 'MANAGER'
  | 'OWNER'
  | 'STAFF';

export type VendorOrderFilterInput = {
  status?: InputMaybe<VendorOrderStatus>;
  /** One of the caller's producers. */
  vendorId?: InputMaybe<Scalars['ID']['input']>;
};

/** An enumeration. */
export type VendorOrderStatus =
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'DELIVERED'
  | 'RETURNED'
  | 'SHIPPED'
  | 'UNCONFIRMED';

/** A suspended producer and its products are hidden from shoppers. */
export type VendorStatus =
  | 'ACTIVE'
  | 'SUSPENDED';

/** What a producer changes itself; the legal name, tax code and kind change through staff. Fields left out stay as they are. */
export type VendorUpdateInput = {
  /** Five-digit commune code. */
  communeCode?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  /** JPEG, PNG or WebP; sent as a GraphQL multipart request. */
  logo?: InputMaybe<Scalars['Upload']['input']>;
  /** A Vietnamese phone number. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** HTML; scripts and unknown tags are removed. */
  story?: InputMaybe<Scalars['String']['input']>;
  streetAddress?: InputMaybe<Scalars['String']['input']>;
};
