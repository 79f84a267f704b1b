import type { TaxClass } from "@/lib/pricing/markets";
import type { Cadence } from "@/lib/subscriptions/interval";

export interface CatalogueEntry {
  slug: string;
  sku: string;
  name: string;
  category: string;
  summary: string;
  description: string;
  taxClass: TaxClass;
  isDigital?: boolean;
  stock: number;
  /** Shelf prices in minor units per currency (VAT included in SEK, EUR and GBP; US sales tax excluded). */
  prices: { SEK: number; EUR: number; GBP: number; USD: number };
  /** A subscription product: its price is charged again every cadence (lib/subscriptions/). */
  subscription?: Cadence;
}

/** The demo shop's catalogue. Images live in public/products/<slug>.svg. */
export const CATALOGUE: CatalogueEntry[] = [
  {
    slug: "ridgeline-daypack-28l",
    sku: "TS-PK-028",
    name: "Ridgeline Daypack 28 L",
    category: "Packs",
    summary: "A ventilated 28-litre pack for long days above the tree line.",
    description:
      "Mesh back panel, load lifters and a hip belt with zip pockets carry a full day's kit without a sweaty back. The lid pocket swallows maps and snacks, side compression straps hold poles, and the recycled ripstop shrugs off rain showers.",
    taxClass: "standard",
    stock: 24,
    prices: { SEK: 109900, EUR: 9995, GBP: 8500, USD: 9900 },
  },
  {
    slug: "fjell-down-jacket",
    sku: "TS-CL-101",
    name: "Fjell Down Jacket",
    category: "Clothing",
    summary: "800-fill responsibly sourced down in a jacket that packs into its own pocket.",
    description:
      "Box-wall baffles keep the down where the warmth is needed, a helmet-compatible hood seals out wind, and a water-repellent shell handles wet snow. Stuffed into its chest pocket it is the size of a water bottle.",
    taxClass: "standard",
    stock: 8,
    prices: { SEK: 249900, EUR: 22900, GBP: 19900, USD: 22900 },
  },
  {
    slug: "merino-base-layer",
    sku: "TS-CL-210",
    name: "Merino Base Layer Top",
    category: "Clothing",
    summary: "Soft 200 g/m² merino that stays warm when damp and never smells.",
    description:
      "Flatlock seams and raglan sleeves sit comfortably under pack straps. Merino regulates temperature on the climb and keeps you warm at the summit, and it can be worn for days between washes.",
    taxClass: "standard",
    stock: 30,
    prices: { SEK: 89900, EUR: 7995, GBP: 6900, USD: 7900 },
  },
  {
    slug: "gore-rain-shell",
    sku: "TS-CL-305",
    name: "Stormline Rain Shell",
    category: "Clothing",
    summary: "A 3-layer waterproof shell that weighs less than a sandwich.",
    description:
      "Fully taped seams, pit zips for venting on steep climbs and an adjustable hood with a stiffened brim. Rated 20,000 mm waterproof and 20,000 g breathable, it folds into a fist-sized stuff sack.",
    taxClass: "standard",
    stock: 10,
    prices: { SEK: 199900, EUR: 17900, GBP: 15500, USD: 18900 },
  },
  {
    slug: "carbon-trekking-poles",
    sku: "TS-AC-410",
    name: "Carbon Trekking Poles (pair)",
    category: "Accessories",
    summary: "Three-section carbon poles with cork grips, 470 g the pair.",
    description:
      "Lever locks set the length in a second, cork grips mould to your hands and soak up sweat, and the interchangeable baskets switch between summer trail and winter snow.",
    taxClass: "standard",
    stock: 12,
    prices: { SEK: 129900, EUR: 11900, GBP: 9900, USD: 12900 },
  },
  {
    slug: "lumen-400-headlamp",
    sku: "TS-AC-420",
    name: "Lumen 400 Headlamp",
    category: "Accessories",
    summary: "400 lumens, a red night mode and USB-C charging.",
    description:
      "A wide flood beam for camp chores and a focused spot for the trail after dark. The lock mode stops it switching on in your pack, and one charge lasts a week of evenings.",
    taxClass: "standard",
    stock: 40,
    prices: { SEK: 49900, EUR: 4495, GBP: 3900, USD: 4500 },
  },
  {
    slug: "pocket-camp-stove",
    sku: "TS-CK-510",
    name: "Pocket Camp Stove",
    category: "Camp kitchen",
    summary: "A 68 g canister stove that boils a litre in three and a half minutes.",
    description:
      "Folding serrated pot supports hold anything from a mug to a two-litre pot, and the wide burner head resists wind. Packs into its own hard case with a piezo igniter built in.",
    taxClass: "standard",
    stock: 1,
    prices: { SEK: 59900, EUR: 5495, GBP: 4700, USD: 5500 },
  },
  {
    slug: "titanium-mug-450",
    sku: "TS-CK-520",
    name: "Titanium Mug 450 ml",
    category: "Camp kitchen",
    summary: "Cook, eat and drink from one 75 g mug with folding handles.",
    description:
      "Pure titanium that never taints coffee, with volume marks inside and silicone-sleeved handles that fold flat. A gas canister nests inside.",
    taxClass: "standard",
    stock: 50,
    prices: { SEK: 34900, EUR: 2995, GBP: 2600, USD: 3200 },
  },
  {
    slug: "insulated-bottle-750",
    sku: "TS-CK-530",
    name: "Insulated Bottle 750 ml",
    category: "Camp kitchen",
    summary: "Keeps tea hot for 12 hours and water cold for 24.",
    description:
      "Double-walled stainless steel with a leakproof loop cap that clips to a pack. The powder coat grips in cold hands and survives being dropped on granite.",
    taxClass: "standard",
    stock: 35,
    prices: { SEK: 39900, EUR: 3495, GBP: 2900, USD: 3500 },
  },
  {
    slug: "skyline-2p-tent",
    sku: "TS-SH-610",
    name: "Skyline 2P Tent",
    category: "Shelter & sleep",
    summary: "A freestanding two-person tent for three seasons, 1.6 kg.",
    description:
      "Two doors and two vestibules so nobody climbs over anyone, a colour-coded pole system that pitches in five minutes, and a fly that can go up first in the rain.",
    taxClass: "standard",
    stock: 0,
    prices: { SEK: 449900, EUR: 39900, GBP: 34900, USD: 42900 },
  },
  {
    slug: "arctic-sleeping-bag",
    sku: "TS-SH-620",
    name: "Arctic Sleeping Bag −10 °C",
    category: "Shelter & sleep",
    summary: "A mummy bag with a comfort rating of −4 °C and a limit of −10 °C.",
    description:
      "Hydrophobic down, a draught collar and a contoured hood keep the warmth in on frosty nights in the mountains. Includes a compression sack and a cotton storage bag.",
    taxClass: "standard",
    stock: 6,
    prices: { SEK: 329900, EUR: 29900, GBP: 25900, USD: 29900 },
  },
  {
    slug: "packable-sun-hat",
    sku: "TS-AC-430",
    name: "Packable Sun Hat",
    category: "Accessories",
    summary: "A wide-brim UPF 50 hat that crushes into a pocket.",
    description:
      "A stiffened brim that springs back into shape, a mesh crown for airflow and a chin cord for windy ridges. Quick-drying and machine washable.",
    taxClass: "standard",
    stock: 15,
    prices: { SEK: 39900, EUR: 3495, GBP: 2900, USD: 3400 },
  },
  {
    slug: "hiking-wool-socks",
    sku: "TS-CL-220",
    name: "Hiking Wool Socks",
    category: "Clothing",
    summary: "Cushioned merino-blend socks for long days in boots.",
    description:
      "Cushioning where boots rub, thinner knit over the instep for fit, and a seamless toe. The merino blend dries fast and keeps feet warm at camp.",
    taxClass: "standard",
    stock: 80,
    prices: { SEK: 19900, EUR: 1795, GBP: 1500, USD: 1800 },
  },
  {
    slug: "kungsleden-trail-map",
    sku: "TS-NV-710",
    name: "Trail Map: Kungsleden",
    category: "Navigation",
    summary: "A tear-proof 1:100 000 map of the King's Trail, Abisko to Hemavan.",
    description:
      "Waterproof synthetic paper printed on both sides, with huts, bridges, boat crossings and distances between every stage of the 440 km trail.",
    taxClass: "books",
    stock: 60,
    prices: { SEK: 24900, EUR: 1995, GBP: 1700, USD: 1900 },
  },
  {
    slug: "freeze-dried-chili",
    sku: "TS-FD-810",
    name: "Freeze-Dried Chili sin Carne",
    category: "Trail food",
    summary: "A hearty 600 kcal vegan dinner: add boiling water and wait eight minutes.",
    description:
      "Beans, peppers and smoked chili with rice, cooked in the pouch it comes in. Light, long-lasting and properly tasty after a long day.",
    taxClass: "food",
    stock: 120,
    prices: { SEK: 12900, EUR: 1095, GBP: 900, USD: 1100 },
  },
  {
    slug: "nordic-trails-ebook",
    sku: "TS-DG-910",
    name: "Hiking the Nordic Trails (e-book)",
    category: "Guides",
    summary: "A digital guide to 24 multi-day routes in Sweden and Norway.",
    description:
      "Route descriptions, elevation profiles, hut and water notes and downloadable GPX tracks for every route. Delivered instantly as a download link after purchase: nothing is shipped.",
    taxClass: "books",
    isDigital: true,
    stock: 10000,
    prices: { SEK: 14900, EUR: 1299, GBP: 1099, USD: 1299 },
  },
  {
    slug: "trail-food-box-monthly",
    sku: "TS-SUB-FOOD-M",
    name: "Trail Food Box (monthly)",
    category: "Subscriptions",
    summary: "Six freeze-dried trail meals delivered every month, paid monthly with Klarna.",
    description:
      "A changing selection of six freeze-dried meals, from chili to porridge, shipped at the start of every month. The first box ships with your order; Klarna charges the same price each month until you cancel, which you can do from the link in your receipt.",
    taxClass: "food",
    stock: 500,
    prices: { SEK: 44900, EUR: 3990, GBP: 3490, USD: 3990 },
    subscription: { interval: "MONTH", intervalCount: 1 },
  },
  {
    slug: "gear-care-plan-yearly",
    sku: "TS-SUB-CARE-Y",
    name: "Gear Care Plan (yearly)",
    category: "Subscriptions",
    summary: "A yearly wash, reproof and repair kit for your shell and down, renewed every year.",
    description:
      "Each year we send a technical wash, a reproofing spray, repair patches and a down wash for one jacket and one shell. The first kit ships with your order and Klarna charges the plan again every year until you cancel.",
    taxClass: "standard",
    stock: 200,
    prices: { SEK: 69900, EUR: 5990, GBP: 4990, USD: 5990 },
    subscription: { interval: "YEAR", intervalCount: 1 },
  },
];
