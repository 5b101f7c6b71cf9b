//! The staging web pages: 17 pages of every creatable type (page, raw, contact_form, link),
//! nested up to three levels (About Us › Our Story › Meet the Founders). No page is the homepage
//! (a storefront's home is a theme template, not a web page). Two pages embed images from the
//! staging CDN on purpose (see the module above).

use pageport_model::{ChannelId, Page, PageId, PageType};

/// The id the staging store gives its next created page.
pub(super) const STAGING_NEXT_PAGE_ID: u64 = 18;

/// Ids of the pages other parts of the demo refer to.
pub(super) const ABOUT_US: u64 = 1;
/// `Our Story`, a child of `About Us`.
pub(super) const OUR_STORY: u64 = 2;
/// `Shipping & Returns`, a child of `Customer Service`.
pub(super) const SHIPPING_RETURNS: u64 = 7;

/// Every staging page, ordered by id. `store_hash` names the staging CDN in the leaking bodies.
pub(super) fn staging(store_hash: &str) -> Vec<Page> {
    let cdn = format!(
        "https://cdn11.bigcommerce.com/s-{store_hash}/images/stencil/original/image-manager"
    );
    vec![
        content(ABOUT_US, 0, 1, "About Us", "/about-us/", &format!(
            "<h1>About Us</h1>\n<p>We make simple, durable things for the kitchen, bath and garden.</p>\n\
             <img src=\"{cdn}/team-photo.jpg\" alt=\"Our team in the workshop\" width=\"1200\">"
        ))
        .described("About Us | Pageport Demo", "Who we are and how we work"),
        content(OUR_STORY, ABOUT_US, 1, "Our Story", "/about-us/our-story/",
            "<h2>Our Story</h2>\n<p>It started in 2014 with one terrarium and a borrowed kiln.</p>"),
        content(3, OUR_STORY, 1, "Meet the Founders", "/about-us/our-story/meet-the-founders/",
            "<h2>Meet the Founders</h2>\n<p>Ana and Tomas still answer the support inbox on Fridays.</p>"),
        content(4, ABOUT_US, 2, "Careers", "/about-us/careers/",
            "<h2>Careers</h2>\n<p>We hire makers, writers and people who like packing boxes.</p>"),
        link(5, 4, 1, "Open Positions", "https://careers.example.com/pageport-demo"),
        content(6, 0, 2, "Customer Service", "/customer-service/",
            "<h1>Customer Service</h1>\n<p>Answers to the questions we hear most.</p>"),
        content(SHIPPING_RETURNS, 6, 1, "Shipping & Returns", "/customer-service/shipping-returns/",
            "<h2>Shipping &amp; Returns</h2>\n<p>Orders ship within 2 business days. Returns are free for 30 days.</p>")
        .described("Shipping & Returns", "Delivery times, costs and our 30-day returns"),
        content(8, 6, 2, "FAQ", "/customer-service/faq/",
            "<h2>Frequently Asked Questions</h2>\n<dl><dt>Do you ship abroad?</dt><dd>Yes, to 32 countries.</dd></dl>"),
        contact(9, 6, 3, "Contact Us", "/customer-service/contact-us/",
            "service@pageport-demo.example", "fullname,phone,orderno"),
        raw(10, 6, 4, "Size Guide", "/customer-service/size-guide/",
            "<table class=\"size-guide\">\n<tr><th>Size</th><th>Width</th><th>Length</th></tr>\n\
             <tr><td>Hand towel</td><td>40 cm</td><td>70 cm</td></tr>\n\
             <tr><td>Bath towel</td><td>70 cm</td><td>140 cm</td></tr>\n</table>"),
        raw(11, 0, 3, "Lookbook", "/lookbook/", &format!(
            "<section class=\"lookbook\">\n<h1>Spring Lookbook</h1>\n\
             <img src=\"{cdn}/lookbook-kitchen.jpg\" alt=\"A sunny kitchen shelf\">\n\
             <img src=\"{cdn}/lookbook-garden.jpg\" alt=\"Terrariums on a garden table\">\n</section>"
        )),
        contact(12, 0, 4, "Wholesale Enquiries", "/wholesale/",
            "wholesale@pageport-demo.example", "fullname,companyname,phone"),
        content(13, 0, 5, "Privacy Policy", "/privacy-policy/",
            "<h1>Privacy Policy</h1>\n<p>We collect only what we need to ship your order.</p>"),
        content(14, 0, 6, "Terms & Conditions", "/terms-conditions/",
            "<h1>Terms &amp; Conditions</h1>\n<p>By ordering you agree to these terms.</p>"),
        link(15, 0, 7, "Store Locator", "https://maps.example.com/pageport-demo-stores"),
        content(16, 0, 8, "Holiday Gift Guide", "/holiday-gift-guide/",
            "<h1>Holiday Gift Guide</h1>\n<p>Draft: picks for the season, under $50.</p>")
        .hidden(),
        content(17, 0, 9, "Members' Offers", "/members-offers/",
            "<h1>Members' Offers</h1>\n<p>10% off everything, for signed-in customers only.</p>")
        .customers_only(),
    ]
}

/// The fields every type has, with the store's defaults.
fn base(id: u64, parent: u64, sort_order: i64, name: &str, page_type: PageType) -> Page {
    let mut page = Page::new(name, page_type);
    page.id = Some(PageId(id));
    page.channel_id = Some(ChannelId(1));
    page.is_visible = Some(true);
    page.parent_id = Some(PageId(parent));
    page.sort_order = Some(sort_order);
    page.is_homepage = Some(false);
    page.is_customers_only = Some(false);
    page
}

/// A `page` page with an HTML body and empty meta fields.
fn content(id: u64, parent: u64, sort_order: i64, name: &str, url: &str, body: &str) -> Page {
    let mut page = base(id, parent, sort_order, name, PageType::Page);
    page.url = Some(url.to_owned());
    with_meta(&mut page);
    page.search_keywords = Some(Some(String::new()));
    page.body = Some(Some(body.to_owned()));
    page
}

/// A `raw` page serving HTML as is.
fn raw(id: u64, parent: u64, sort_order: i64, name: &str, url: &str, body: &str) -> Page {
    let mut page = base(id, parent, sort_order, name, PageType::Raw);
    page.url = Some(url.to_owned());
    page.search_keywords = Some(Some(String::new()));
    page.body = Some(Some(body.to_owned()));
    page.content_type = Some("text/html".into());
    page
}

/// A `contact_form` page sending to `email`.
fn contact(
    id: u64,
    parent: u64,
    sort_order: i64,
    name: &str,
    url: &str,
    email: &str,
    fields: &str,
) -> Page {
    let mut page = base(id, parent, sort_order, name, PageType::ContactForm);
    page.url = Some(url.to_owned());
    with_meta(&mut page);
    page.search_keywords = Some(Some(String::new()));
    page.body = Some(Some(
        "<p>Write to us and we will answer within one business day.</p>".to_owned(),
    ));
    page.email = Some(email.to_owned());
    page.contact_fields = Some(fields.to_owned());
    page
}

/// A `link` page: a menu entry pointing to an absolute URL.
fn link(id: u64, parent: u64, sort_order: i64, name: &str, target: &str) -> Page {
    let mut page = base(id, parent, sort_order, name, PageType::Link);
    page.link = Some(target.to_owned());
    page
}

/// Empty meta title and description, `null` keywords, as the store's examples show.
fn with_meta(page: &mut Page) {
    page.meta_title = Some(Some(String::new()));
    page.meta_keywords = Some(None);
    page.meta_description = Some(Some(String::new()));
}

/// Small adjustments of a built page.
trait PageTweaks {
    /// Sets the meta title and description.
    fn described(self, title: &str, description: &str) -> Self;
    /// Hides the page from the storefront and its menus.
    fn hidden(self) -> Self;
    /// Shows the page to signed-in customers only.
    fn customers_only(self) -> Self;
}

impl PageTweaks for Page {
    fn described(mut self, title: &str, description: &str) -> Self {
        self.meta_title = Some(Some(title.to_owned()));
        self.meta_description = Some(Some(description.to_owned()));
        self
    }

    fn hidden(mut self) -> Self {
        self.is_visible = Some(false);
        self
    }

    fn customers_only(mut self) -> Self {
        self.is_customers_only = Some(true);
        self
    }
}
