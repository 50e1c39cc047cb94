package dev.emporium.democatalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo catalog of embedded mode: 12 categories of 100 products each, with prices, attributes, stock and a
 * generated SVG image per product. Every value derives from a fixed seed, so the catalog, inventory and media
 * services each seed the same products (same ids, same image hashes) on their own, in any order.
 */
public final class DemoCatalog {

    public static final String CURRENCY = "USD";

    private static final int PRODUCTS_PER_CATEGORY = 100;

    private static final String[] BRANDS = { "Northwind", "Aurora", "Lumen", "Cedar & Co", "Kestrel", "Halcyon",
            "Meridian", "Fjord", "Solstice", "Tidewater", "Ember", "Quill" };

    private static final String[] ADJECTIVES = { "Compact", "Classic", "Essential", "Pro", "Everyday", "Premium",
            "Lightweight", "Studio", "Heritage", "Urban", "Travel", "Signature" };

    private static final String[] COLORS = { "Graphite", "Ivory", "Sage", "Navy", "Terracotta", "Sand", "Slate",
            "Forest", "Blush", "Charcoal", "Ocean", "Mustard" };

    private static final String[] MATERIALS = { "aluminium", "oak", "recycled polyester", "stainless steel",
            "organic cotton", "ceramic", "bamboo", "leather", "glass", "walnut" };

    private static final List<CategorySpec> SPECS = List.of(
            new CategorySpec("audio", "Audio", "Sound that fills the room", 210,
                    new String[] { "Bluetooth Speaker", "Headphones", "Earbuds", "Soundbar", "Turntable", "Desk Microphone", "Radio", "Amplifier" }, 2900, 45000),
            new CategorySpec("cameras", "Cameras", "Capture every moment", 190,
                    new String[] { "Mirrorless Camera", "Instant Camera", "Action Camera", "Camera Lens", "Tripod", "Camera Bag", "Flash", "Gimbal" }, 3900, 189000),
            new CategorySpec("computers", "Computers", "Work and play, faster", 230,
                    new String[] { "Laptop", "Mechanical Keyboard", "Wireless Mouse", "Monitor", "USB-C Hub", "Laptop Stand", "Webcam", "External SSD" }, 1900, 249000),
            new CategorySpec("phones", "Phones & Tablets", "Always in touch", 260,
                    new String[] { "Smartphone", "Tablet", "Phone Case", "Wireless Charger", "Power Bank", "Screen Protector", "Smartwatch", "Stylus" }, 1200, 129000),
            new CategorySpec("kitchen", "Kitchen", "Cook like you mean it", 20,
                    new String[] { "Chef's Knife", "Dutch Oven", "Espresso Maker", "Cutting Board", "Stand Mixer", "Kettle", "Frying Pan", "Spice Rack" }, 900, 59000),
            new CategorySpec("home", "Home Decor", "Make it yours", 330,
                    new String[] { "Table Lamp", "Throw Blanket", "Vase", "Wall Mirror", "Scented Candle", "Cushion", "Picture Frame", "Rug" }, 900, 39000),
            new CategorySpec("furniture", "Furniture", "Built to last", 30,
                    new String[] { "Lounge Chair", "Side Table", "Bookshelf", "Desk", "Sofa", "Bed Frame", "Stool", "Sideboard" }, 4900, 219000),
            new CategorySpec("outdoor", "Outdoor", "Out there, well equipped", 140,
                    new String[] { "Tent", "Backpack", "Sleeping Bag", "Camping Stove", "Headlamp", "Water Bottle", "Hiking Poles", "Hammock" }, 1500, 69000),
            new CategorySpec("fitness", "Fitness", "Move more, every day", 0,
                    new String[] { "Yoga Mat", "Dumbbell Set", "Resistance Bands", "Kettlebell", "Jump Rope", "Foam Roller", "Exercise Bike", "Running Belt" }, 900, 99000),
            new CategorySpec("books", "Books", "Stories and know-how", 45,
                    new String[] { "Novel", "Cookbook", "Field Guide", "Travel Atlas", "Poetry Collection", "Design Handbook", "Biography", "Sketchbook" }, 700, 6900),
            new CategorySpec("toys", "Toys & Games", "Play, for all ages", 280,
                    new String[] { "Board Game", "Puzzle", "Building Blocks", "Plush Bear", "Wooden Train", "Card Game", "Kite", "Science Kit" }, 900, 14900),
            new CategorySpec("fashion", "Fashion", "Wear it well", 355,
                    new String[] { "Jacket", "Sneakers", "Wool Scarf", "Backpack", "Sunglasses", "Watch", "Beanie", "Tote Bag" }, 1500, 49000));

    private static final DemoCatalog STANDARD = new DemoCatalog();

    private final List<DemoCategory> categories;

    private final List<DemoProduct> products;

    private final Map<String, Integer> hues = new LinkedHashMap<>();

    private DemoCatalog() {
        List<DemoCategory> categories = new ArrayList<>();
        List<DemoProduct> products = new ArrayList<>();
        for (int c = 0; c < SPECS.size(); c++) {
            CategorySpec spec = SPECS.get(c);
            String categoryId = "c" + (c + 1);
            categories.add(new DemoCategory(categoryId, spec.slug(), spec.name(), spec.tagline()));
            this.hues.put(categoryId, spec.hue());
            for (int i = 0; i < PRODUCTS_PER_CATEGORY; i++) {
                products.add(product(categoryId, spec, c * PRODUCTS_PER_CATEGORY + i + 1));
            }
        }
        this.categories = List.copyOf(categories);
        this.products = List.copyOf(products);
    }

    /** The standard demo catalog: 12 categories, 1,200 products. */
    public static DemoCatalog standard() {
        return STANDARD;
    }

    public List<DemoCategory> categories() {
        return this.categories;
    }

    public List<DemoProduct> products() {
        return this.products;
    }

    /** The product's image as SVG bytes: a gradient card in the category's colours with the product name. */
    public byte[] image(DemoProduct product) {
        Random random = new Random(product.id().hashCode() * 31L + 7);
        int hue = (this.hues.getOrDefault(product.categoryId(), 200) + random.nextInt(40) - 20 + 360) % 360;
        int accent = (hue + 35 + random.nextInt(30)) % 360;
        int shape = random.nextInt(3);
        String name = escape(product.name());
        String glyph = escape(initials(product.name()));
        String figure = switch (shape) {
            case 0 -> "<circle cx=\"240\" cy=\"210\" r=\"120\" fill=\"hsl(%d,70%%,92%%)\" opacity=\"0.9\"/>".formatted(accent);
            case 1 -> "<rect x=\"125\" y=\"95\" width=\"230\" height=\"230\" rx=\"48\" fill=\"hsl(%d,70%%,92%%)\" opacity=\"0.9\"/>".formatted(accent);
            default -> "<polygon points=\"240,80 370,300 110,300\" fill=\"hsl(%d,70%%,92%%)\" opacity=\"0.9\"/>".formatted(accent);
        };
        String svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480" role="img" aria-label="%s">
                <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
                <stop offset="0" stop-color="hsl(%d,65%%,58%%)"/><stop offset="1" stop-color="hsl(%d,60%%,38%%)"/>
                </linearGradient></defs>
                <rect width="480" height="480" fill="url(#g)"/>
                <circle cx="420" cy="60" r="90" fill="#fff" opacity="0.08"/><circle cx="40" cy="440" r="120" fill="#fff" opacity="0.06"/>
                %s
                <text x="240" y="235" text-anchor="middle" font-family="Helvetica,Arial,sans-serif" font-size="84" font-weight="700" fill="hsl(%d,55%%,30%%)">%s</text>
                <text x="240" y="400" text-anchor="middle" font-family="Helvetica,Arial,sans-serif" font-size="24" font-weight="600" fill="#fff">%s</text>
                </svg>
                """.formatted(name, hue, accent, figure, hue, glyph, name);
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the media service serves the product's image; the name carries a hash of its content. */
    public String imagePath(DemoProduct product) {
        return "/media/products/" + imageFileName(product);
    }

    /** {@code <sku>-<first 16 hex digits of the image's SHA-256>.svg}. */
    public String imageFileName(DemoProduct product) {
        return product.sku().toLowerCase() + "-" + sha256(image(product)).substring(0, 16) + ".svg";
    }

    private static DemoProduct product(String categoryId, CategorySpec spec, int number) {
        Random random = new Random(1_000_003L * number);
        String brand = BRANDS[random.nextInt(BRANDS.length)];
        String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
        String noun = spec.nouns()[random.nextInt(spec.nouns().length)];
        String color = COLORS[random.nextInt(COLORS.length)];
        String material = MATERIALS[random.nextInt(MATERIALS.length)];
        String model = (char) ('A' + random.nextInt(26)) + String.valueOf(1 + random.nextInt(9));
        String name = brand + " " + adjective + " " + noun + " " + model;
        long range = spec.maxPrice() - spec.minPrice();
        long price = (spec.minPrice() + (long) (Math.pow(random.nextDouble(), 2) * range)) / 100 * 100 + 99;
        int stock = random.nextInt(20) == 0 ? random.nextInt(3) : 5 + random.nextInt(196);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("brand", brand);
        attributes.put("color", color);
        attributes.put("material", material);
        attributes.put("weightGrams", 50 + random.nextInt(4950));
        attributes.put("warrantyMonths", List.of(6, 12, 24, 36).get(random.nextInt(4)));
        attributes.put("features", List.of(adjective.toLowerCase() + " design", "made with " + material, color.toLowerCase() + " finish"));
        String description = "The %s %s from %s brings a %s design in %s %s. %s, considered details and a %d-month warranty make it a favourite for everyday use."
                .formatted(adjective.toLowerCase(), noun.toLowerCase(), brand, adjective.toLowerCase(), color.toLowerCase(),
                        material, spec.tagline(), (Integer) attributes.get("warrantyMonths"));
        String sku = "%s-%04d".formatted(spec.slug().substring(0, 3).toUpperCase(), number);
        return new DemoProduct("p" + number, sku, name, description, categoryId, price, CURRENCY, attributes, stock);
    }

    private static String initials(String name) {
        String[] words = name.split(" ");
        return words.length > 2 ? words[1].substring(0, 1) + words[2].substring(0, 1) : name.substring(0, 1);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every JVM", ex);
        }
    }

    private record CategorySpec(String slug, String name, String tagline, int hue, String[] nouns, long minPrice,
            long maxPrice) {
    }
}
