package io.yunwei.followup.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The in-memory full-text index of approved articles. SmartChineseAnalyzer splits Chinese into words (打印机 /
 * 频繁 / 卡纸) and stems English, so one analyzer serves both languages. The store is the truth: every instance
 * builds its index from it on start and rebuilds it periodically, so an approval on another instance shows up.
 */
final class ArticleIndex {

    private static final Map<String, Float> FIELDS = Map.of("title", 3f, "symptoms", 2f, "cause", 1f, "solution", 1f);

    private final Analyzer analyzer = new SmartChineseAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;

    ArticleIndex() {
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void replaceAll(List<KnowledgeArticle> articles) {
        try {
            writer.deleteAll();
            for (KnowledgeArticle article : articles) {
                writer.addDocument(document(article));
            }
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void put(KnowledgeArticle article) {
        try {
            writer.updateDocument(new Term("id", article.id()), document(article));
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Article ids with their relevance, best first. */
    List<Hit> search(String text, int limit) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        Set<String> terms = terms(text);
        for (String term : terms) {
            FIELDS.forEach((field, boost) -> query.add(new BoostQuery(new TermQuery(new Term(field, term)), boost),
                    Occur.SHOULD));
        }
        if (terms.isEmpty()) {
            return List.of();
        }
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc found : searcher.search(query.build(), limit).scoreDocs) {
                hits.add(new Hit(searcher.storedFields().document(found.doc).get("id"), found.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream("title", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private static Document document(KnowledgeArticle article) {
        Document document = new Document();
        document.add(new StringField("id", article.id(), Field.Store.YES));
        add(document, "title", article.title());
        add(document, "symptoms", article.symptoms());
        add(document, "cause", article.cause());
        add(document, "solution", article.solution());
        return document;
    }

    private static void add(Document document, String field, String text) {
        if (text != null) {
            document.add(new TextField(field, text, Field.Store.NO));
        }
    }

    record Hit(String articleId, float score) {
    }
}
