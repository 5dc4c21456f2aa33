package dev.limiter.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live view in a real browser (Debian's headless Chromium, driven by ChromeDriver):
 * the page loads, a button fires steady load at the warming-up search, and the page shows
 * admitted and rejected calls and the limit's phase going from cold to warm. Skipped,
 * with a message saying so, where Chromium or ChromeDriver is not installed;
 * {@code .ci/run} installs both.
 *
 * @author The limiter authors
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveViewBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@LocalServerPort
	private int port;

	private WebDriver browser;

	@BeforeAll
	static void chromiumIsInstalled() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipped: the live view's browser test needs Debian's chromium and chromium-driver "
						+ "(apt-get install chromium chromium-driver), which are not installed here");
	}

	@BeforeEach
	void openBrowser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// as root, on a machine without a display or an open network
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1280,800");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		this.browser = new ChromeDriver(driver, options);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	/**
	 * The page's script raised no error (the 429s and 503s it provokes are logged as
	 * failed resource loads, which are expected).
	 */
	private void assertNoScriptErrors() {
		List<String> errors = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource"))
			.toList();
		assertThat(errors).as("errors in the page's script").isEmpty();
	}

	/**
	 * Counts a chart's pixels of one colour (a series' line): it drew its data, not only
	 * axes and text. (Before, the test passed with every chart broken.)
	 */
	private long pixelsOf(String canvasId, int red, int green, int blue) {
		Object count = ((JavascriptExecutor) this.browser)
			.executeScript("const canvas = document.getElementById(arguments[0]);"
					+ "const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
					+ "let count = 0;" + "for (let i = 0; i < data.length; i += 4) {"
					+ "  if (data[i + 3] > 200 && Math.abs(data[i] - arguments[1]) < 24"
					+ "      && Math.abs(data[i + 1] - arguments[2]) < 24 && Math.abs(data[i + 2] - arguments[3]) < 24) {"
					+ "    count++;" + "  }" + "}" + "return count;", canvasId, red, green, blue);
		return ((Number) count).longValue();
	}

	@Test
	void steadyLoadShowsAdmittedAndRejectedCallsAndAColdLimitWarmingUp() {
		this.browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(40));
		WebElement phase = this.browser.findElement(By.id("search-phase"));
		wait.until((page) -> "COLD".equals(phase.getDomAttribute("data-phase")));
		this.browser.findElement(By.cssSelector("#warmup button[data-steady]")).click();
		WebElement summary = this.browser.findElement(By.id("search-summary"));
		wait.until((page) -> count(summary, "data-admitted") > 0 && count(summary, "data-rejected") > 0);
		WebElement history = this.browser.findElement(By.id("search-phase-history"));
		wait.until((page) -> phases(history).contains("WARM"));
		List<String> phases = phases(history);
		assertThat(phases.get(0)).isEqualTo("COLD");
		assertThat(phases.indexOf("WARM")).isGreaterThan(0);
		assertThat(history.getText()).contains("COLD").contains("WARM");
		assertThat(this.browser.findElement(By.id("connection")).getText()).startsWith("Live");
		assertThat(pixelsOf("search-calls", 0x00, 0x72, 0xB2)).as("the admitted line, drawn").isPositive();
		assertThat(pixelsOf("search-calls", 0xD5, 0x5E, 0x00)).as("the rejected line, drawn").isPositive();
		assertThat(pixelsOf("search-stored", 0xCC, 0x79, 0xA7)).as("the stored permits, drawn").isPositive();
		assertNoScriptErrors();
	}

	@Test
	void chartsStayInsideTheirCardsOnAPhone() {
		this.browser.manage().window().setSize(new Dimension(360, 780));
		this.browser.get("http://localhost:" + this.port + "/");
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((page) -> this.browser.findElement(By.id("connection")).getText().startsWith("Live"));
		Object overflowing = ((JavascriptExecutor) this.browser)
			.executeScript("return [...document.querySelectorAll('canvas')].filter((c) => "
					+ "c.getBoundingClientRect().right > c.closest('.card').getBoundingClientRect().right + 0.5)"
					+ ".map((c) => c.id)");
		assertThat((List<?>) overflowing).as("charts sticking out of their card, 360 px wide").isEmpty();
		Object scrollsSideways = ((JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollWidth > window.innerWidth");
		assertThat(scrollsSideways).isEqualTo(false);
		assertNoScriptErrors();
	}

	@Test
	void aKeyedLimitRejectsOneClientOnlyAndTheCapShedsLoad() throws Exception {
		this.browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(40));
		// warming up meanwhile, for the pictures
		this.browser.findElement(By.cssSelector("#warmup button[data-steady]")).click();
		this.browser.findElement(By.cssSelector("button[data-api-key='alice']")).click();
		wait.until((page) -> answers("alice", 200) + answers("alice", 429) == 12);
		this.browser.findElement(By.cssSelector("button[data-api-key='bob']")).click();
		wait.until((page) -> answers("bob", 200) + answers("bob", 429) == 3);
		assertThat(answers("alice", 429)).as("alice's burst beyond her limit").isPositive();
		assertThat(answers("bob", 429)).as("bob, within his").isZero();
		this.browser.findElement(By.cssSelector("#concurrency button[data-fire]")).click();
		WebElement tally = this.browser.findElement(By.id("stock-tally"));
		wait.until((page) -> tally.getText().contains("503"));
		wait.until((page) -> this.browser.findElement(By.id("inventory-summary")).getText().contains("after retries"));
		wait.until((page) -> this.browser.findElement(By.cssSelector("#warmup button[data-steady]")).isEnabled());
		assertThat(pixelsOf("stock-cap", 0x00, 0x72, 0xB2)).as("calls in flight, drawn").isPositive();
		assertThat(pixelsOf("inventory-budget", 0x00, 0x9E, 0x73)).as("the budget, drawn").isPositive();
		assertNoScriptErrors();
		screenshot("live-view-1280x800.png", 1280, false);
		screenshot("live-view.png", 1280, true);
		screenshot("live-view-narrow.png", 420, true);
	}

	private long answers(String client, int status) {
		List<WebElement> cells = this.browser
			.findElements(By.cssSelector("#partner-clients tr[data-client='" + client + "'] td"));
		return cells.isEmpty() ? 0 : Long.parseLong(cells.get((status == 200) ? 1 : 2).getText());
	}

	/**
	 * Leaves a picture of the page in target/, to look at (the README's is one of them);
	 * asserts nothing.
	 */
	private void screenshot(String name, int width, boolean wholePage) throws Exception {
		this.browser.manage().window().setSize(new Dimension(width, 800));
		if (wholePage) {
			Object height = ((JavascriptExecutor) this.browser)
				.executeScript("return document.documentElement.scrollHeight");
			this.browser.manage().window().setSize(new Dimension(width, ((Number) height).intValue() + 100));
		}
		// the page redraws its charts on the resize
		((JavascriptExecutor) this.browser).executeScript("window.scrollTo(0, 0)");
		Path file = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(file, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
	}

	private static long count(WebElement element, String attribute) {
		String value = element.getDomAttribute(attribute);
		return (value != null) ? Long.parseLong(value) : 0;
	}

	private static List<String> phases(WebElement history) {
		String value = history.getDomAttribute("data-phases");
		return (value != null) ? List.of(value.split(",")) : List.of();
	}

}
