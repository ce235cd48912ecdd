//! The use cases end to end on a small library in a temporary folder: add,
//! list, view, edit, count and KWIC pages through a `Reader` over a library opened for
//! reading, reindex and remove, and the error classes front ends map.

use tifa_library::Library;
use tifa_service::articles::{self, AddRequest, EditRequest, FileResult, ListRequest, NoProgress};
use tifa_service::query::{CountRequest, KwicRequest, KwicSort, count, kwic};
use tifa_service::{ErrorClass, FilterSpec, Reader, maintenance};

const TEXT: &str = "学习材料一\n\n关于高质量发展的讲话\n\n（来源：新华网，2021年3月5日）\n\n推动高质量发展是做好经济工作的根本要求。高质量发展就是体现新发展理念的发展。\n\n学习材料二\n\n乡村振兴的文章\n\n（来源：人民日报，2022年4月1日）\n\n这是一篇谈论乡村振兴的文章，说明农业农村现代化的重要意义。\n";

fn folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tifa-service-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn add_view_edit_count_reindex_remove() {
    let dir = folder("cases");
    let file = dir.join("a.txt");
    std::fs::write(&file, TEXT).unwrap();
    let data = dir.join("lib");
    let mut lib = Library::open(&data).unwrap();
    let report = articles::add(
        &mut lib,
        std::slice::from_ref(&file),
        &AddRequest::default(),
        &NoProgress,
    )
    .unwrap();
    assert!(report.committed && report.failures.is_empty());
    assert!(
        matches!(
            &report.outcomes[..],
            [FileResult::Added { articles: 2, .. }]
        ),
        "{:?}",
        report.outcomes
    );
    let list = articles::list(&lib, &ListRequest::default()).unwrap();
    assert_eq!(list.len(), 2);

    // The reading layout numbers the body paragraphs as the article does.
    let id = list[0].id.0.clone();
    let view = articles::view(&lib, &id).unwrap();
    let body: Vec<&str> = view
        .passages
        .iter()
        .filter(|p| p.flag.is_none())
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(body, view.article.paragraphs);
    assert!(
        view.passages
            .iter()
            .filter_map(|p| p.paragraph)
            .eq(0..body.len())
    );

    let edited = articles::edit(
        &mut lib,
        &id,
        &EditRequest {
            title: Some("新标题".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (edited.title.as_str(), &edited.edited[..]),
        ("新标题", &["title".to_string()][..])
    );
    let nothing = articles::edit(&mut lib, &id, &EditRequest::default()).unwrap_err();
    assert_eq!(nothing.class(), ErrorClass::Invalid);
    assert!(!nothing.is_usage());

    let r = maintenance::reindex(&mut lib).unwrap();
    assert_eq!(r.articles, 2);
    drop(lib);

    // Reads go through a library opened without the writer lock.
    let read = Library::open_read(&data).unwrap();
    let reader = Reader::new(&read);
    let rows = count(
        &reader,
        &CountRequest {
            terms: vec!["高质量发展".into()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((rows[0].occurrences, rows[0].articles), (2, 1));
    // KWIC pages, in each order, add up to every line.
    for sort in [KwicSort::Position, KwicSort::Left] {
        let req = |offset, limit| KwicRequest {
            term: "发展".into(),
            sort,
            offset,
            limit,
            ..Default::default()
        };
        let all = kwic(&reader, &req(0, 0)).unwrap();
        assert!(all.total >= 3 && all.total == all.hits.len());
        let paged: Vec<_> = (0..all.total + 1)
            .flat_map(|o| {
                let p = kwic(&reader, &req(o, 1)).unwrap();
                assert_eq!((p.total, p.offset), (all.total, o));
                p.hits
            })
            .map(|l| (l.article.0, l.paragraph, l.left))
            .collect();
        let whole: Vec<_> = all
            .hits
            .into_iter()
            .map(|l| (l.article.0, l.paragraph, l.left))
            .collect();
        assert_eq!(paged, whole, "{sort:?}");
    }
    let bad_date = count(
        &reader,
        &CountRequest {
            terms: vec!["发展".into()],
            filter: FilterSpec {
                date: Some("2021-13".into()),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(bad_date.is_usage() && bad_date.class() == ErrorClass::BadRequest);
    let missing = articles::show(&read, "ffffffffff").unwrap_err();
    assert_eq!(missing.class(), ErrorClass::NotFound);
    drop(reader);
    drop(read);

    let mut lib = Library::open(&data).unwrap();
    let removed = articles::remove(&mut lib, std::slice::from_ref(&id)).unwrap();
    assert_eq!(removed[0].removed.0, id);
    assert_eq!(
        articles::list(&lib, &ListRequest::default()).unwrap().len(),
        1
    );
    assert!(maintenance::verify(&lib).unwrap().ok);
    drop(lib);
    std::fs::remove_dir_all(&dir).unwrap();
}
